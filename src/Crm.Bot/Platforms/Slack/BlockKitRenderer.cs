using System.Text.Json.Nodes;
using Crm.Bot.Files;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Turns a neutral <see cref="Reply"/> into one or more Slack messages. Every data string is escaped
/// (<see cref="SlackText"/>); anything over a Block Kit limit is split over more blocks or messages, or
/// shortened with the full text following, never left for Slack to reject.
/// </summary>
/// <param name="links">Links to the reply's files (charts as image blocks); without it, or without a public base URL, a chart is its alt text.</param>
/// <param name="relativeLinks">Link files by path (the try-it console, served by this host); Slack needs absolute links.</param>
public sealed class BlockKitRenderer(FileLinks? links = null, bool relativeLinks = false)
{
    public IReadOnlyList<SlackMessage> Render(Reply reply)
    {
        var blocks = new List<JsonObject>();
        var buttons = 0;
        foreach (var block in reply.Blocks)
            blocks.AddRange(block switch
            {
                ImageBlock image => SlackBlockBuilder.Image(image, links?.For(image.FileId, relativeLinks)),
                FileBlock file => SlackBlockBuilder.File(file, relativeLinks ? links?.For(file.FileId, relativeLinks) : null),
                _ => SlackBlockBuilder.Build(block, ref buttons),
            });
        if (blocks.Count == 0)
            blocks.AddRange(SlackBlockBuilder.Build(new TextBlock(reply.FallbackText), ref buttons));
        return Pack(reply, blocks);
    }

    /// <summary>The single message to answer inline with, plus whatever follows it.</summary>
    public SlackMessage RenderFirst(Reply reply, out IReadOnlyList<SlackMessage> rest)
    {
        var all = Render(reply);
        rest = all.Skip(1).ToList();
        return all[0];
    }

    private static List<SlackMessage> Pack(Reply reply, List<JsonObject> blocks)
    {
        var groups = new List<List<JsonObject>>();
        var current = new List<JsonObject>();
        var size = 0;
        foreach (var block in blocks)
        {
            var length = block.ToJsonString().Length;
            // One slot is kept free for the "continued" line on split messages.
            if (current.Count > 0 && (current.Count >= SlackLimits.BlocksPerMessage - 1 || size + length > SlackLimits.BlocksJsonPerMessage))
            {
                groups.Add(current);
                current = [];
                size = 0;
            }
            current.Add(block);
            size += length;
        }
        groups.Add(current);

        var fallback = SlackText.Shorten(SlackText.Mrkdwn(reply.FallbackText), SlackLimits.FallbackText);
        if (fallback.Length == 0) fallback = "CRM";
        var messages = new List<SlackMessage>(groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            var array = new JsonArray();
            foreach (var block in groups[i]) array.Add(block);
            if (groups.Count > 1)
                array.Add(SlackBlockBuilder.Context(i < groups.Count - 1 ? $"Part {i + 1} of {groups.Count}, continued below." : $"Part {i + 1} of {groups.Count}."));
            var text = i == 0 ? fallback : SlackText.Shorten($"(part {i + 1} of {groups.Count}) {fallback}", SlackLimits.FallbackText);
            messages.Add(new SlackMessage(text, array));
        }
        return messages;
    }
}

using System.Text.Json.Nodes;
using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Unfurls links to CRM customers with the customer's card, rendered for the channel the link was
/// shared in (its clearance, not the sharer's), and only when the sharer may see the customer at all.
/// </summary>
internal sealed class SlackLinkUnfurler(
    SlackPipelineRunner runner,
    SlackApiClient api,
    BlockKitRenderer renderer,
    CustomerLinks links,
    ILogger<SlackLinkUnfurler> log)
{
    /// <summary>Slack shows a handful of unfurls per message; more would only cost pipeline runs.</summary>
    private const int MaxLinks = 5;

    public async Task UnfurlAsync(string team, string key, SlackEvent e, CancellationToken cancellationToken)
    {
        if (!links.Enabled || e.Channel is null || e.User is null) return;
        var unfurls = new JsonObject();
        var index = 0;
        foreach (var link in (e.Links ?? []).DistinctBy(l => l.Url).Take(MaxLinks))
        {
            var id = links.CustomerIdOf(link.Url);
            if (id is null) continue;
            var request = new ChatRequest(Platform.Slack, team, e.Channel, e.User, $"show {id}", $"{key}:{index++}", ReplyVisibility.Channel);
            var reply = await runner.RunAsync(request, cancellationToken);
            // A denial or an unknown id is the sharer's business, not the channel's: no unfurl.
            if (reply.Tone is ReplyTone.Error or ReplyTone.Denied) continue;
            var blocks = renderer.Render(reply with { Visibility = ReplyVisibility.Channel })[0].Blocks;
            unfurls[link.Url] = new JsonObject { ["blocks"] = blocks.DeepClone() };
        }
        if (unfurls.Count == 0) return;
        try
        {
            await api.UnfurlAsync(team, e.Channel, e.MessageTs ?? "", e.UnfurlId, e.Source, unfurls, cancellationToken);
        }
        catch (SlackApiException ex)
        {
            log.LogWarning("chat.unfurl failed in {Channel}: {Error}", e.Channel, ex.Error);
        }
    }
}

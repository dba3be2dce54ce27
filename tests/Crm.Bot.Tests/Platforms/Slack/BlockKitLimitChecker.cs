using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Slack;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>Asserts every Block Kit limit of protocols.md on a rendered message.</summary>
internal static class BlockKitLimitChecker
{
    public static void AssertWithinLimits(SlackMessage message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message.Text), "top-level text is required");
        Assert.True(message.Text.Length <= 40_000);
        Assert.InRange(message.Blocks.Count, 1, 50);
        Assert.True(message.Blocks.ToJsonString().Length <= SlackLimits.BlocksJsonPerMessage, "blocks too long in total");
        var actionIds = new HashSet<string>();
        foreach (var block in message.Blocks.Select(b => b!.AsObject()))
        {
            switch ((string)block["type"]!)
            {
                case "header":
                    Assert.InRange(((string)block["text"]!["text"]!).Length, 1, 150);
                    break;
                case "section":
                    if (block["text"] is { } text) Assert.InRange(((string)text["text"]!).Length, 1, 3000);
                    if (block["fields"] is JsonArray fields)
                    {
                        Assert.InRange(fields.Count, 1, 10);
                        Assert.All(fields, f => Assert.InRange(((string)f!["text"]!).Length, 1, 2000));
                    }
                    Assert.True(block["text"] is not null || block["fields"] is not null);
                    break;
                case "context":
                    var elements = (JsonArray)block["elements"]!;
                    Assert.InRange(elements.Count, 1, 10);
                    Assert.All(elements, e => Assert.InRange(((string)e!["text"]!).Length, 1, 3000));
                    break;
                case "actions":
                    var buttons = (JsonArray)block["elements"]!;
                    Assert.InRange(buttons.Count, 1, 25);
                    foreach (var button in buttons.Select(b => b!.AsObject()))
                    {
                        Assert.InRange(((string)button["text"]!["text"]!).Length, 1, 75);
                        Assert.InRange(((string)button["value"]!).Length, 1, 2000);
                        var id = (string)button["action_id"]!;
                        Assert.InRange(id.Length, 1, 255);
                        Assert.True(actionIds.Add(id), $"duplicate action_id {id}");
                    }
                    break;
                case "divider":
                    break;
                default:
                    Assert.Fail($"unexpected block type {block["type"]}");
                    break;
            }
        }
    }

    /// <summary>Every text a reader can see in the message (block texts, field texts, button labels, fallback).</summary>
    public static IEnumerable<string> VisibleTexts(SlackMessage message)
    {
        yield return message.Text;
        foreach (var node in Walk(message.Blocks))
            if (node is JsonObject o && o["text"] is JsonValue v && v.TryGetValue<string>(out var s))
                yield return s;
    }

    private static IEnumerable<JsonNode> Walk(JsonNode? node)
    {
        if (node is null) yield break;
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
            foreach (var n in Walk(child)) yield return n;
    }
}

using System.Text.Json.Nodes;

namespace Crm.Bot.Platforms.Slack;

/// <summary>One Slack message: the top-level fallback text and its Block Kit blocks, within Slack's limits.</summary>
public sealed record SlackMessage(string Text, JsonArray Blocks)
{
    /// <summary>The message as the JSON body of chat.postMessage / a slash-command answer (without channel or response_type).</summary>
    public JsonObject ToJson() => new()
    {
        ["text"] = Text,
        ["blocks"] = Blocks.DeepClone(),
    };
}

using System.Text.Json.Nodes;

namespace Crm.Bot.Platforms.Teams;

/// <summary>Outbound activity bodies.</summary>
internal static class TeamsActivities
{
    public static JsonObject Message(JsonObject card, string summary) => new()
    {
        ["type"] = "message",
        ["summary"] = CardText.Neutralise(summary, 200),
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = AdaptiveCardRenderer.ContentType,
            ["content"] = card,
        }),
    };
}

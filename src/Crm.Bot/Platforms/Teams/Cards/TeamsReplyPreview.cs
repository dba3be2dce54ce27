using System.Text.Json.Nodes;
using Crm.Bot.TryIt;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Teams;

/// <summary>The Adaptive Card attachments Teams would be sent for a reply, for the try-it console.</summary>
internal sealed class TeamsReplyPreview(AdaptiveCardRenderer renderer) : IReplyPreview
{
    public Platform Platform => Platform.Teams;

    public string RenderJson(Reply reply) =>
        new JsonArray(renderer.Render(reply)
            .Select(card => (JsonNode)new JsonObject { ["contentType"] = AdaptiveCardRenderer.ContentType, ["content"] = card })
            .ToArray()).ToJsonString();
}

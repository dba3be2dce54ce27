using System.Text.Json.Nodes;
using Crm.Bot.TryIt;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>What Slack would be sent for a reply (every message it is split into), for the try-it console.</summary>
internal sealed class SlackReplyPreview(Crm.Bot.Files.FileLinks links) : IReplyPreview
{
    // The console shows files from this host: links by path, whether or not a public base URL is set.
    private readonly BlockKitRenderer _renderer = new(links, relativeLinks: true);

    public Platform Platform => Platform.Slack;

    public string RenderJson(Reply reply) =>
        new JsonArray(_renderer.Render(reply).Select(m => (JsonNode)m.ToJson()).ToArray()).ToJsonString();
}

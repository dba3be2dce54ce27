using System.Text;
using Crm.Bot.TryIt;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Teams;

/// <summary>The Adaptive Card attachments Teams would be sent for a reply, for the try-it console.</summary>
internal sealed class TeamsReplyPreview(Crm.Bot.Files.FileLinks links) : IReplyPreview
{
    // The console shows files from this host: links by path, whether or not a public base URL is set.
    private readonly AdaptiveCardRenderer _renderer = new(links, relativeLinks: true);

    public Platform Platform => Platform.Teams;

    public string RenderJson(Reply reply)
    {
        var cards = _renderer.Render(reply);
        return Encoding.UTF8.GetString(CardJson.Bytes(w =>
        {
            w.WriteStartArray();
            foreach (var card in cards)
            {
                w.WriteStartObject();
                w.WriteString("contentType", AdaptiveCardRenderer.ContentType);
                w.WritePropertyName("content");
                card.WriteTo(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }));
    }
}

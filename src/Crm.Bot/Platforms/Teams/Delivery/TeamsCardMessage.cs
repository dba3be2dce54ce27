using System.Text.Json;

namespace Crm.Bot.Platforms.Teams;

/// <summary>An outgoing message activity: one card, and the summary Teams shows in notifications.</summary>
internal sealed record TeamsCardMessage(AdaptiveCard Card, string Summary)
{
    /// <summary>The activity body; a reply names the activity it answers, an update the one it replaces.</summary>
    public void WriteTo(Utf8JsonWriter w, string? replyToId = null, string? id = null)
    {
        w.WriteStartObject();
        w.WriteString(CardJson.Type, "message");
        w.WriteString("summary", CardText.Neutralise(Summary, 200));
        w.WriteStartArray("attachments");
        w.WriteStartObject();
        w.WriteString("contentType", AdaptiveCardRenderer.ContentType);
        w.WritePropertyName("content");
        Card.WriteTo(w);
        w.WriteEndObject();
        w.WriteEndArray();
        if (replyToId is not null) w.WriteString("replyToId", replyToId);
        if (id is not null) w.WriteString("id", id);
        w.WriteEndObject();
    }
}

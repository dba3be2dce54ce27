using System.Text.Json;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// What the bot must remember to post into a conversation later (stored as JSON on ChatChannel and
/// ChatUserLink). Only ever built from an authenticated activity, so its service URL is trusted.
/// </summary>
internal sealed record TeamsConversationReference(
    string ServiceUrl,
    string? ConversationId,
    string TenantId,
    string BotId,
    string ConversationType,
    string? TeamId = null,
    string? ChannelId = null,
    string? UserId = null,
    string? UserAadObjectId = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, TeamsJson.Options);

    public static TeamsConversationReference? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<TeamsConversationReference>(json, TeamsJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The conversation to post new top-level messages into: a channel's own id, not a thread's.</summary>
    public static TeamsConversationReference From(TeamsActivity activity)
    {
        var channel = activity.ChannelData?.Channel?.Id;
        var conversationId = activity.ConversationType == "channel" && channel is not null
            ? channel
            : activity.Conversation?.Id;
        return new TeamsConversationReference(
            activity.ServiceUrl!, conversationId, activity.TenantId!, activity.Recipient?.Id ?? "",
            activity.ConversationType, activity.ChannelData?.Team?.Id, channel,
            activity.From?.Id, activity.From?.AadObjectId);
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Bot.Platforms.Teams;

/// <summary>The fields of a Bot Framework activity the bot reads (protocols.md, "Activities").</summary>
internal sealed record TeamsActivity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? Name { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public TeamsChannelAccount? From { get; init; }
    public TeamsChannelAccount? Recipient { get; init; }
    public TeamsConversationAccount? Conversation { get; init; }
    public TeamsChannelData? ChannelData { get; init; }
    public string? Text { get; init; }
    public string? ReplyToId { get; init; }
    public JsonElement? Value { get; init; }
    /// <summary>installationUpdate: add, remove, add-upgrade, remove-upgrade.</summary>
    public string? Action { get; init; }
    public IReadOnlyList<TeamsChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<TeamsChannelAccount>? MembersRemoved { get; init; }
    public IReadOnlyList<TeamsEntity>? Entities { get; init; }

    /// <summary>The tenant, from channelData first (it is what Teams documents), else the conversation.</summary>
    [JsonIgnore]
    public string? TenantId => ChannelData?.Tenant?.Id ?? Conversation?.TenantId;

    /// <summary>
    /// False when the activity names two different tenants (channelData and conversation): which one
    /// the sender belongs to is then unknown, so the activity is not trusted at all.
    /// </summary>
    [JsonIgnore]
    public bool TenantsAgree =>
        ChannelData?.Tenant?.Id is not { } fromChannelData || Conversation?.TenantId is not { } fromConversation ||
        string.Equals(fromChannelData, fromConversation, StringComparison.OrdinalIgnoreCase);

    [JsonIgnore]
    public string ConversationType => Conversation?.ConversationType ?? "personal";

    [JsonIgnore]
    public bool IsPersonal => ConversationType == "personal";
}

internal sealed record TeamsChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
}

internal sealed record TeamsConversationAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public bool? IsGroup { get; init; }
}

internal sealed record TeamsChannelData
{
    public TeamsIdName? Tenant { get; init; }
    public TeamsIdName? Team { get; init; }
    public TeamsIdName? Channel { get; init; }
    public string? EventType { get; init; }
}

internal sealed record TeamsIdName
{
    public string? Id { get; init; }
    public string? Name { get; init; }
}

internal sealed record TeamsEntity
{
    public string? Type { get; init; }
    public TeamsChannelAccount? Mentioned { get; init; }
    public string? Text { get; init; }
}

internal static class TeamsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

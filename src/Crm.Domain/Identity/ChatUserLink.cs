using Crm.Domain.Common;

namespace Crm.Domain.Identity;

/// <summary>
/// The last known way to reach a person privately on a platform (task reminders, handoff results):
/// their user id there and, in Teams, the personal conversation reference.
/// </summary>
public sealed class ChatUserLink
{
    public long Id { get; set; }
    public Platform Platform { get; set; }
    public string Workspace { get; set; } = "";
    public string ExternalUserId { get; set; } = "";
    public string Email { get; set; } = "";
    public string? DisplayName { get; set; }
    public string? TimeZone { get; set; }
    /// <summary>Teams: the stored conversation reference of the 1:1 chat with the bot (JSON).</summary>
    public string? ConversationReference { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}

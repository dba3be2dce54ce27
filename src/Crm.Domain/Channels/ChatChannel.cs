using Crm.Domain.Common;

namespace Crm.Domain.Channels;

/// <summary>
/// A Slack channel, Teams channel or console channel the bot knows. Its department binding decides
/// its clearance: what may be posted into it. Unbound channels get basic fields only.
/// </summary>
public sealed class ChatChannel
{
    public long Id { get; set; }
    public Platform Platform { get; set; }
    /// <summary>Slack team id or Teams tenant id.</summary>
    public string Workspace { get; set; } = "";
    /// <summary>Slack channel id or Teams conversation/channel id.</summary>
    public string ExternalId { get; set; } = "";
    public string Name { get; set; } = "";
    public Department? Department { get; set; }
    public string? BoundBy { get; set; }
    public DateTimeOffset? BoundAt { get; set; }
    /// <summary>IANA time zone for digests added here without one.</summary>
    public string? TimeZone { get; set; }
    /// <summary>Teams: stored conversation reference (JSON), the only way to post proactively.</summary>
    public string? ConversationReference { get; set; }
    /// <summary>Set when the platform said we can no longer post here (uninstalled, blocked, deleted).</summary>
    public string? UnreachableReason { get; set; }
    public DateTimeOffset? UnreachableSince { get; set; }

    public string Ref => $"{Platform.ToString().ToLowerInvariant()}:{Workspace}:{ExternalId}";
}

using Crm.Domain.Common;

namespace Crm.Domain.Outbox;

/// <summary>
/// A channel (or conversation) the platform asked the bot to leave alone until <see cref="PausedUntil"/>
/// (a 429 with Retry-After). Stored so that every host honours it, not only the one that was told.
/// One row per channel; a later pause replaces an earlier one, never the other way round.
/// </summary>
public sealed class ChannelPause
{
    public Platform Platform { get; set; }
    public string Workspace { get; set; } = "";
    /// <summary>The channel's key as the pacer forms it (a Teams thread shares its channel's).</summary>
    public string Recipient { get; set; } = "";
    public DateTimeOffset PausedUntil { get; set; }
}

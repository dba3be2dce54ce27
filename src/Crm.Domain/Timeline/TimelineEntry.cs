using Crm.Domain.Common;

namespace Crm.Domain.Timeline;

public enum TimelineKind
{
    Note,
    Created,
    StageChange,
    DealChange,
    Ticket,
    Invoice,
    Task,
    Handoff,
}

/// <summary>Who did what to which record, when, from which platform and channel.</summary>
public sealed class TimelineEntry
{
    private TimelineEntry() { }

    public TimelineEntry(long customerId, TimelineKind kind, string text, string actorEmail, Platform platform,
        string? channelRef, string? recordRef, DateTimeOffset at)
    {
        CustomerId = customerId;
        Kind = kind;
        Text = Guard.Required(text, "Text", 5000);
        ActorEmail = actorEmail;
        Platform = platform;
        ChannelRef = channelRef;
        RecordRef = recordRef;
        At = at;
    }

    public long Id { get; private set; }
    public long CustomerId { get; private set; }
    public TimelineKind Kind { get; private set; }
    public string Text { get; private set; } = "";
    public string ActorEmail { get; private set; } = "";
    public Platform Platform { get; private set; }
    /// <summary>"platform:workspace:channel" of where it was done, when it was done in a channel.</summary>
    public string? ChannelRef { get; private set; }
    /// <summary>The human id of the record it concerns (D-1001, T-1001, …), if any.</summary>
    public string? RecordRef { get; private set; }
    public DateTimeOffset At { get; private set; }
}

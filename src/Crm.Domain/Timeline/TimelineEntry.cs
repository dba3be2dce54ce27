using Crm.Domain.Access;
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
    /// <summary>A customer's own field changed (owner, stage, industry, health, ARR, …).</summary>
    FieldChange,
    /// <summary>A contact's field changed (name, title, email, phone).</summary>
    ContactChange,
}

/// <summary>
/// Who did what to which record, when, from which platform and channel. <see cref="FieldClass"/> is the
/// class of what the entry is about (product.md: notes and handoffs basic; deal, stage and ARR changes
/// commercial; ticket events and health support; invoice events financial; contact changes contact):
/// an audience sees the entry only when it may read that class.
/// </summary>
public sealed class TimelineEntry
{
    private TimelineEntry() { }

    public TimelineEntry(long customerId, TimelineKind kind, FieldClass fieldClass, string text, string actorEmail, Platform platform,
        string? channelRef, string? recordRef, DateTimeOffset at)
    {
        CustomerId = customerId;
        Kind = kind;
        FieldClass = fieldClass == FieldClass.None
            ? throw new ArgumentException("A timeline entry must say which field class it is about.", nameof(fieldClass))
            : fieldClass;
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
    /// <summary>The field class an audience must read to see this entry.</summary>
    public FieldClass FieldClass { get; private set; }
    public string Text { get; private set; } = "";
    public string ActorEmail { get; private set; } = "";
    public Platform Platform { get; private set; }
    /// <summary>"platform:workspace:channel" of where it was done, when it was done in a channel.</summary>
    public string? ChannelRef { get; private set; }
    /// <summary>The human id of the record it concerns (D-1001, T-1001, …), if any.</summary>
    public string? RecordRef { get; private set; }
    public DateTimeOffset At { get; private set; }
}

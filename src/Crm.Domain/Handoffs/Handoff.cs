using Crm.Domain.Common;

namespace Crm.Domain.Handoffs;

public enum HandoffState
{
    Offered,
    Accepted,
    Declined,
}

/// <summary>A customer handed from one department to another, accepted or declined by the target.</summary>
public sealed class Handoff
{
    private Handoff() { }

    public Handoff(long number, long customerId, Department from, Department to, string? note, string offeredBy, DateTimeOffset at)
    {
        if (from == to)
            throw new DomainException($"A handoff must go to another department (both are {from}).");
        Number = number;
        CustomerId = customerId;
        FromDepartment = from;
        ToDepartment = to;
        Note = Guard.Optional(note, "Handoff note", 2000);
        OfferedBy = offeredBy;
        OfferedAt = at;
        State = HandoffState.Offered;
    }

    public long Id { get; private set; }
    public long Number { get; private set; }
    public string HumanId => Common.HumanId.Format(Common.HumanId.Handoff, Number);
    public long CustomerId { get; private set; }
    public Department FromDepartment { get; private set; }
    public Department ToDepartment { get; private set; }
    public string? Note { get; private set; }
    public HandoffState State { get; private set; }
    public string OfferedBy { get; private set; } = "";
    public DateTimeOffset OfferedAt { get; private set; }
    /// <summary>Who accepted it: the new owner on the target side.</summary>
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DeclineReason { get; private set; }
    /// <summary>Set once the follow-up reminder went out, so it is sent only once.</summary>
    public DateTimeOffset? FollowUpSentAt { get; set; }

    public void Accept(string by, DateTimeOffset at) => Decide(HandoffState.Accepted, by, at, null);

    public void Decline(string by, DateTimeOffset at, string? reason) => Decide(HandoffState.Declined, by, at, reason);

    private void Decide(HandoffState state, string by, DateTimeOffset at, string? reason)
    {
        if (State != HandoffState.Offered)
            throw new DomainException($"Handoff {HumanId} was already {State.ToString().ToLowerInvariant()} by {DecidedBy}.");
        State = state;
        DecidedBy = by;
        DecidedAt = at;
        DeclineReason = Guard.Optional(reason, "Reason", 1000);
    }
}

using Crm.Domain.Common;
using Crm.Domain.Customers;

namespace Crm.Domain.Tickets;

public enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public enum TicketStatus
{
    Open,
    Pending,
    Resolved,
    Closed,
}

public sealed class Ticket
{
    private Ticket() { }

    public Ticket(long number, long customerId, string subject, TicketPriority priority, DateTimeOffset openedAt)
    {
        Number = number;
        CustomerId = customerId;
        Subject = Guard.Required(subject, "Ticket subject", 300);
        OpenedAt = openedAt;
        ChangePriority(priority);
        Status = TicketStatus.Open;
    }

    public long Id { get; private set; }
    public long Number { get; private set; }
    public string HumanId => Common.HumanId.Format(Common.HumanId.Ticket, Number);
    public long CustomerId { get; private set; }
    public Customer? Customer { get; private set; }
    public string Subject { get; private set; } = "";
    public TicketPriority Priority { get; private set; }
    public TicketStatus Status { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset SlaDueAt { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }

    public bool IsOpen => Status is TicketStatus.Open or TicketStatus.Pending;

    /// <summary>The SLA clock runs from opening; a priority change re-bases the due time on the new priority.</summary>
    public void ChangePriority(TicketPriority priority)
    {
        Priority = priority;
        SlaDueAt = OpenedAt + SlaFor(priority);
    }

    public void ChangeStatus(TicketStatus status, DateTimeOffset now)
    {
        if (status == Status)
            throw new DomainException($"Ticket {HumanId} is already {Status.ToString().ToLowerInvariant()}.");
        Status = status;
        ResolvedAt = status is TicketStatus.Resolved or TicketStatus.Closed ? now : null;
    }

    public static TimeSpan SlaFor(TicketPriority priority) => priority switch
    {
        TicketPriority.Urgent => TimeSpan.FromHours(4),
        TicketPriority.High => TimeSpan.FromHours(8),
        TicketPriority.Normal => TimeSpan.FromHours(24),
        _ => TimeSpan.FromHours(72),
    };
}

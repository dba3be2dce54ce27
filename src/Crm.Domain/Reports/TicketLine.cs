using Crm.Domain.Tickets;

namespace Crm.Domain.Reports;

/// <summary>One ticket in a report list.</summary>
public sealed record TicketLine(
    string TicketId,
    string Subject,
    string CustomerId,
    string CustomerName,
    TicketPriority Priority,
    TicketStatus Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset SlaDueAt);

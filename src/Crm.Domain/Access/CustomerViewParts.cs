namespace Crm.Domain.Access;

// The line records of a CustomerView; tiny and only meaningful together, so they share a file.

public sealed record ContactLine(string Id, string Name, string? Title, string? Email, string? Phone);

public sealed record DealLine(string Id, string Name, string Stage, decimal Amount, string Currency, DateOnly? CloseDate, string? Owner);

public sealed record TicketLine(string Id, string Subject, string Priority, string Status, DateTimeOffset SlaDueAt);

public sealed record InvoiceLine(string Id, decimal Amount, string Currency, DateOnly DueOn, bool Paid, bool Overdue);

public sealed record ChangeLine(string Text, FieldClass Class);

/// <summary>One timeline entry as a card shows it: when, who, on which platform, what; <paramref name="Class"/> decides who sees it.</summary>
public sealed record TimelineLine(DateTimeOffset At, string Actor, string Platform, string Text, FieldClass Class);

namespace Crm.Domain.Reports;

/// <summary>Overdue invoices whose days past due fall in one range ("1–30 days", "over 90 days").</summary>
public sealed record AgingBucket(string Label, int Count, IReadOnlyList<Money> Amount);

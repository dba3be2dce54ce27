namespace Crm.Domain.Reports;

/// <summary>One overdue invoice in a report list.</summary>
public sealed record InvoiceLine(string InvoiceId, string CustomerId, string CustomerName, Money Amount, DateOnly DueOn, int DaysOverdue);

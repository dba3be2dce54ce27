using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Invoices;
using Crm.Domain.Tickets;

namespace Crm.Domain.Reports;

/// <summary>
/// Applies a <see cref="ReportFilter"/> inside each report's query (a WHERE clause on both providers),
/// one method per record type, so every figure of a report is computed over the same narrowed records.
/// </summary>
internal static class ReportFilterQueries
{
    /// <summary>Deals: region and segment of their customer, their own owner and close date.</summary>
    public static IQueryable<Deal> Filter(this IQueryable<Deal> deals, ReportFilter f)
    {
        if (f.Region is { } region) deals = deals.Where(d => d.Customer!.Region == region);
        if (f.Segment is { } segment) deals = deals.Where(d => d.Customer!.Segment == segment);
        if (f.Owner is { } owner) deals = deals.Where(d => d.OwnerEmail == owner);
        if (f.Since is { } since) deals = deals.Where(d => d.CloseDate != null && d.CloseDate >= since);
        if (f.Until is { } until) deals = deals.Where(d => d.CloseDate != null && d.CloseDate <= until);
        return deals;
    }

    /// <summary>Tickets: region, segment and owner of their customer; opened within the period (UTC days).</summary>
    public static IQueryable<Ticket> Filter(this IQueryable<Ticket> tickets, ReportFilter f)
    {
        if (f.Region is { } region) tickets = tickets.Where(t => t.Customer!.Region == region);
        if (f.Segment is { } segment) tickets = tickets.Where(t => t.Customer!.Segment == segment);
        if (f.Owner is { } owner) tickets = tickets.Where(t => t.Customer!.OwnerEmail == owner);
        if (f.SinceInstant is { } from) tickets = tickets.Where(t => t.OpenedAt >= from);
        if (f.UntilEndInstant is { } end) tickets = tickets.Where(t => t.OpenedAt < end);
        return tickets;
    }

    /// <summary>Invoices: region, segment and owner of their customer; due within the period.</summary>
    public static IQueryable<Invoice> Filter(this IQueryable<Invoice> invoices, ReportFilter f)
    {
        if (f.Region is { } region) invoices = invoices.Where(i => i.Customer!.Region == region);
        if (f.Segment is { } segment) invoices = invoices.Where(i => i.Customer!.Segment == segment);
        if (f.Owner is { } owner) invoices = invoices.Where(i => i.Customer!.OwnerEmail == owner);
        if (f.Since is { } since) invoices = invoices.Where(i => i.DueOn >= since);
        if (f.Until is { } until) invoices = invoices.Where(i => i.DueOn <= until);
        return invoices;
    }

    /// <summary>Customers: their own region, segment and owner; created within the period (UTC days).</summary>
    public static IQueryable<Customer> Filter(this IQueryable<Customer> customers, ReportFilter f)
    {
        if (f.Region is { } region) customers = customers.Where(c => c.Region == region);
        if (f.Segment is { } segment) customers = customers.Where(c => c.Segment == segment);
        if (f.Owner is { } owner) customers = customers.Where(c => c.OwnerEmail == owner);
        if (f.SinceInstant is { } from) customers = customers.Where(c => c.CreatedAt >= from);
        if (f.UntilEndInstant is { } end) customers = customers.Where(c => c.CreatedAt < end);
        return customers;
    }
}

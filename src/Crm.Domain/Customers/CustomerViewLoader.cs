using Crm.Domain.Access;
using Crm.Domain.Storage;
using Crm.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers;

/// <summary>Reads everything about one customer into a <see cref="CustomerView"/>; redaction happens after.</summary>
public static class CustomerViewLoader
{
    public static async Task<CustomerView?> LoadAsync(CrmDbContext db, long customerId, DateOnly today, CancellationToken ct)
    {
        var rows = db.IsPostgres
            ? await PostgresCustomerViewQuery.LoadAsync(db, customerId, ct)
            : await LoadRowsAsync(db, customerId, ct);
        return rows is null ? null : Build(rows, today);
    }

    /// <summary>The rows of the customer with human number <paramref name="number"/> (C-1001 → 1001), or null.</summary>
    public static async Task<CustomerViewRows?> LoadRowsByNumberAsync(CrmDbContext db, long number, CancellationToken ct)
    {
        if (db.IsPostgres) return await PostgresCustomerViewQuery.LoadByNumberAsync(db, number, ct);
        var id = await db.Customers.Where(c => c.Number == number).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        return id is null ? null : await LoadRowsAsync(db, id.Value, ct);
    }

    /// <summary>The portable path (the embedded database): one query per kind of record.</summary>
    public static async Task<CustomerViewRows?> LoadRowsAsync(CrmDbContext db, long customerId, CancellationToken ct)
    {
        var c = await db.Customers.AsNoTracking().Where(x => x.Id == customerId)
            .Select(x => new CustomerViewRows.CustomerRow(x.Id, x.Number, x.Name, x.Domain, x.Industry, x.Segment, x.Region, x.OwnerEmail,
                x.Lifecycle.ToString(), x.HealthScore, x.Arr, x.Currency))
            .FirstOrDefaultAsync(ct);
        if (c is null) return null;
        var contacts = await db.Contacts.AsNoTracking().Where(x => x.CustomerId == customerId).OrderBy(x => x.Number)
            .Select(x => new CustomerViewRows.ContactRow(x.Number, x.Name, x.Title, x.Email, x.Phone)).ToListAsync(ct);
        var deals = await db.Deals.AsNoTracking().Where(d => d.CustomerId == customerId).OrderBy(d => d.Number)
            .Select(d => new CustomerViewRows.DealRow(d.Number, d.Name, d.Stage.ToString(), d.Amount, d.Currency, d.CloseDate, d.OwnerEmail)).ToListAsync(ct);
        var tickets = await db.Tickets.AsNoTracking().Where(t => t.CustomerId == customerId).OrderBy(t => t.Number)
            .Select(t => new CustomerViewRows.TicketRow(t.Number, t.Subject, t.Priority.ToString(), t.Status.ToString(), t.SlaDueAt)).ToListAsync(ct);
        var invoices = await db.Invoices.AsNoTracking().Where(i => i.CustomerId == customerId).OrderBy(i => i.Number)
            .Select(i => new CustomerViewRows.InvoiceRow(i.Number, i.Amount, i.Currency, i.DueOn, i.PaidAt)).ToListAsync(ct);
        // The latest few of each class: whatever an audience may read, its latest few are among them.
        var timeline = await (
                from fieldClass in db.Timeline.Where(t => t.CustomerId == customerId).Select(t => t.FieldClass).Distinct()
                from t in db.Timeline.AsNoTracking().Where(t => t.CustomerId == customerId && t.FieldClass == fieldClass)
                    .OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Take(CustomerView.LatestEntries)
                select new CustomerViewRows.TimelineRow(t.Id, t.At, t.ActorEmail, t.Platform.ToString(), t.Text, (int)t.FieldClass))
            .ToListAsync(ct);
        return new CustomerViewRows(c, contacts, deals, tickets, invoices,
            timeline.OrderByDescending(t => t.At).ThenByDescending(t => t.Id).ToList());
    }

    public static CustomerView Build(CustomerViewRows rows, DateOnly today)
    {
        var c = rows.Customer;
        var open = rows.Tickets.Select(t => (Row: t, Priority: Enum.Parse<TicketPriority>(t.Priority), Status: Enum.Parse<TicketStatus>(t.Status)))
            .Where(t => t.Status is TicketStatus.Open or TicketStatus.Pending).ToList();
        var overdue = rows.Invoices.Where(i => IsOverdue(i, today)).ToList();
        return new CustomerView
        {
            Id = Common.HumanId.Format(Common.HumanId.Customer, c.Number),
            Name = c.Name,
            Domain = c.Domain,
            Industry = c.Industry,
            Segment = c.Segment,
            Region = c.Region,
            Owner = c.OwnerEmail,
            Lifecycle = c.Lifecycle.ToLowerInvariant(),
            Contacts = rows.Contacts.Select(p => new ContactLine(Common.HumanId.Format(Common.HumanId.Contact, p.Number), p.Name, p.Title, p.Email, p.Phone)).ToList(),
            Arr = c.Arr,
            Currency = c.Currency,
            Deals = rows.Deals.Select(d => new DealLine(Common.HumanId.Format(Common.HumanId.Deal, d.Number), d.Name, d.Stage.ToLowerInvariant(),
                d.Amount, d.Currency, d.CloseDate, d.OwnerEmail)).ToList(),
            Health = c.HealthScore,
            OpenTickets = open.Count,
            WorstOpenPriority = open.Count == 0 ? null : open.Max(t => t.Priority).ToString().ToLowerInvariant(),
            Tickets = open.Select(t => new TicketLine(Common.HumanId.Format(Common.HumanId.Ticket, t.Row.Number), t.Row.Subject,
                t.Priority.ToString().ToLowerInvariant(), t.Status.ToString().ToLowerInvariant(), t.Row.SlaDueAt)).ToList(),
            OverdueInvoices = overdue.Count,
            OverdueTotal = overdue.Sum(i => i.Amount),
            OverdueCurrency = overdue.Select(i => i.Currency).FirstOrDefault() ?? c.Currency,
            Invoices = rows.Invoices.Select(i => new InvoiceLine(Common.HumanId.Format(Common.HumanId.Invoice, i.Number), i.Amount, i.Currency,
                i.DueOn, i.PaidAt is not null, IsOverdue(i, today))).ToList(),
            Timeline = rows.Timeline.Select(t => new TimelineLine(t.At, t.ActorEmail, t.Platform.ToLowerInvariant(), t.Text, (FieldClass)t.FieldClass)).ToList(),
        };
    }

    private static bool IsOverdue(CustomerViewRows.InvoiceRow invoice, DateOnly today) =>
        Invoices.Invoice.IsOverdueOn(invoice.DueOn, invoice.PaidAt is not null, today);
}

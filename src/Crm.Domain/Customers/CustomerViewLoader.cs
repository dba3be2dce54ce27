using Crm.Domain.Access;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers;

/// <summary>Reads everything about one customer into a <see cref="CustomerView"/>; redaction happens after.</summary>
public static class CustomerViewLoader
{
    public static async Task<CustomerView?> LoadAsync(CrmDbContext db, long customerId, DateOnly today, CancellationToken ct)
    {
        var c = await db.Customers.AsNoTracking().Include(x => x.Contacts).FirstOrDefaultAsync(x => x.Id == customerId, ct);
        if (c is null) return null;
        var deals = await db.Deals.AsNoTracking().Where(d => d.CustomerId == customerId).OrderBy(d => d.Number).ToListAsync(ct);
        var tickets = await db.Tickets.AsNoTracking().Where(t => t.CustomerId == customerId).OrderBy(t => t.Number).ToListAsync(ct);
        var invoices = await db.Invoices.AsNoTracking().Where(i => i.CustomerId == customerId).OrderBy(i => i.Number).ToListAsync(ct);
        var open = tickets.Where(t => t.IsOpen).ToList();
        var overdue = invoices.Where(i => i.IsOverdue(today)).ToList();
        return new CustomerView
        {
            Id = c.HumanId,
            Name = c.Name,
            Domain = c.Domain,
            Industry = c.Industry,
            Segment = c.Segment,
            Region = c.Region,
            Owner = c.OwnerEmail,
            Lifecycle = c.Lifecycle.ToString().ToLowerInvariant(),
            Contacts = c.Contacts.OrderBy(p => p.Number).Select(p => new ContactLine(p.HumanId, p.Name, p.Title, p.Email, p.Phone)).ToList(),
            Arr = c.Arr,
            Currency = c.Currency,
            Deals = deals.Select(d => new DealLine(d.HumanId, d.Name, d.Stage.ToString().ToLowerInvariant(), d.Amount, d.Currency, d.CloseDate, d.OwnerEmail)).ToList(),
            Health = c.HealthScore,
            OpenTickets = open.Count,
            WorstOpenPriority = open.Count == 0 ? null : open.Max(t => t.Priority).ToString().ToLowerInvariant(),
            Tickets = open.Select(t => new TicketLine(t.HumanId, t.Subject, t.Priority.ToString().ToLowerInvariant(),
                t.Status.ToString().ToLowerInvariant(), t.SlaDueAt)).ToList(),
            OverdueInvoices = overdue.Count,
            OverdueTotal = overdue.Sum(i => i.Amount),
            OverdueCurrency = overdue.Select(i => i.Currency).FirstOrDefault() ?? c.Currency,
            Invoices = invoices.Select(i => new InvoiceLine(i.HumanId, i.Amount, i.Currency, i.DueOn, i.IsPaid, i.IsOverdue(today))).ToList(),
        };
    }
}

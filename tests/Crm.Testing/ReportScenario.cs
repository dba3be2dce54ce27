using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Demo;
using Crm.Domain.Invoices;
using Crm.Domain.Storage;
using Crm.Domain.Tickets;

namespace Crm.Testing;

/// <summary>
/// The demo's fixed records (Acme C-1001 and its deal, ticket and overdue invoice) plus a small,
/// hand-counted set around "Globex" that gives every report something to find: a customer without
/// owner or industry sharing a domain with another, a slipping and stale deal, a renewal at risk, a
/// won deal, breached and resolved tickets, an old, a new and a paid invoice.
/// </summary>
public static class ReportScenario
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    public static DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
    /// <summary>"Changes since" in the scenario's expectations: a week before <see cref="Now"/>.</summary>
    public static readonly DateTimeOffset Since = Now.AddDays(-7);

    public static void Seed(CrmDbContext db)
    {
        DemoFixedRecords.Add(db, Today, Now);

        var globex = new Customer(2001, "Globex Ltd", "globex.example", "EMEA", null)
        {
            Segment = "SMB", Lifecycle = LifecycleStage.Customer, CreatedAt = Now.AddDays(-1), UpdatedAt = Now.AddDays(-1),
        };
        globex.SetHealth(40);
        var globexTwin = new Customer(2002, "Globex Limited", "globex.example", "AMER", "max@example.com")
        {
            Industry = "Retail", Segment = "SMB", Lifecycle = LifecycleStage.Prospect, CreatedAt = Now.AddDays(-100), UpdatedAt = Now.AddDays(-100),
        };
        db.Customers.AddRange(globex, globexTwin);
        db.SaveChanges();

        var slipping = new Deal(2001, globex.Id, "Globex expansion", 10_000m, "EUR", Today.AddDays(-5), "ava@example.com")
        {
            CreatedAt = Now.AddDays(-90), UpdatedAt = Now.AddDays(-40),
        };
        slipping.Seat(DealStage.Propose, Now.AddDays(-40));
        var renewal = new Deal(2002, globex.Id, "Globex renewal", 20_000m, "USD", Today.AddDays(30), "ava@example.com")
        {
            CreatedAt = Now.AddDays(-2), UpdatedAt = Now.AddDays(-2),
        };
        renewal.Seat(DealStage.Qualify, Now.AddDays(-2));
        var won = new Deal(2003, globexTwin.Id, "Globex pilot", 5_000m, "USD", Today.AddDays(-1), "max@example.com")
        {
            CreatedAt = Now.AddDays(-30), UpdatedAt = Now.AddDays(-1),
        };
        won.Seat(DealStage.Won, Now.AddDays(-1));
        db.Deals.AddRange(slipping, renewal, won);

        var urgent = new Ticket(2001, globex.Id, "Invoices export fails", TicketPriority.Urgent, Now.AddHours(-10));
        var resolved = new Ticket(2002, globex.Id, "Change billing address", TicketPriority.Low, Now.AddDays(-20));
        resolved.ChangeStatus(TicketStatus.Resolved, Now.AddDays(-1));
        var pending = new Ticket(2003, globexTwin.Id, "Slow dashboard", TicketPriority.Normal, Now.AddDays(-3));
        pending.ChangeStatus(TicketStatus.Pending, Now.AddDays(-3));
        db.Tickets.AddRange(urgent, resolved, pending);

        var old = new Invoice(2001, globex.Id, 3_000m, "EUR", Today.AddDays(-130), Today.AddDays(-100));
        var recent = new Invoice(2002, globexTwin.Id, 1_000m, "USD", Today.AddDays(-33), Today.AddDays(-3));
        var paid = new Invoice(2003, globexTwin.Id, 2_000m, "USD", Today.AddDays(-40), Today.AddDays(-10));
        paid.MarkPaid(Now.AddDays(-2));
        db.Invoices.AddRange(old, recent, paid);
        db.SaveChanges();
    }
}

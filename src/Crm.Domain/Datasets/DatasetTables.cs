using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Invoices;
using Crm.Domain.Storage;
using Crm.Domain.Tickets;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Datasets;

/// <summary>
/// The six tables of an analyst dataset and the field class of every column, as product.md and
/// <see cref="Redactor"/> class a customer's data: basic (name, domain, industry, segment, region, owner,
/// lifecycle), contact (people), commercial (deals, ARR), support summary (health), support (tickets),
/// financial (invoices). Timeline rows carry their own class and are kept only where it may be read.
/// </summary>
public static class DatasetTables
{
    private const string Basic = "basic";

    public static IReadOnlyList<IDatasetTable> All { get; } =
    [
        Customers(), Contacts(), Deals(), Tickets(), Invoices(), Timeline(),
    ];

    private static (DatasetColumn, Func<T, object?>) Col<T>(string name, DatasetType type, FieldClass cls, string meaning, Func<T, object?> value) =>
        (new DatasetColumn(name, type, cls, meaning), value);

    private static DateTime Utc(DateTimeOffset at) => at.UtcDateTime;

    private static DateTime? Utc(DateTimeOffset? at) => at?.UtcDateTime;

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>A record with the human number of its customer, read in one statement.</summary>
    internal sealed record Linked<T>(T Row, long CustomerNumber);

    private static IDatasetTable Customers() => new DatasetTable<Customer>(
        "customers", "one customer (an organisation the company sells to)", FieldClass.Basic, "every customer",
        [
            Col<Customer>("customer_id", DatasetType.Text, FieldClass.Basic, "the customer's id as people type it (C-1001)", c => c.HumanId),
            Col<Customer>("name", DatasetType.Text, FieldClass.Basic, "the customer's name", c => c.Name),
            Col<Customer>("domain", DatasetType.Text, FieldClass.Basic, "its web domain", c => c.Domain),
            Col<Customer>("industry", DatasetType.Text, FieldClass.Basic, "its industry", c => c.Industry),
            Col<Customer>("segment", DatasetType.Text, FieldClass.Basic, "customer segment (SMB, Mid-Market, Enterprise, …)", c => c.Segment),
            Col<Customer>("region", DatasetType.Text, FieldClass.Basic, "sales region (EMEA, AMER, APAC, …)", c => c.Region),
            Col<Customer>("owner", DatasetType.Text, FieldClass.Basic, "e-mail of the account owner", c => c.OwnerEmail),
            Col<Customer>("lifecycle", DatasetType.Text, FieldClass.Basic, "lifecycle stage: lead, prospect, customer, churned", c => Lower(c.Lifecycle)),
            Col<Customer>("health_score", DatasetType.Integer, FieldClass.SupportSummary, "health score 0–100 (empty when none)", c => (long?)c.HealthScore),
            Col<Customer>("arr", DatasetType.Decimal, FieldClass.Commercial, "annual recurring revenue", c => c.Arr),
            Col<Customer>("arr_currency", DatasetType.Text, FieldClass.Commercial, "ISO currency of arr", c => c.Currency),
            Col<Customer>("created_at", DatasetType.Timestamp, FieldClass.Basic, "when the customer was created (UTC)", c => Utc(c.CreatedAt)),
            Col<Customer>("updated_at", DatasetType.Timestamp, FieldClass.Basic, "when it last changed (UTC)", c => Utc(c.UpdatedAt)),
        ],
        (db, _, after, take, ct) => db.Customers.AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(take).ToListAsync(ct),
        c => c.Id);

    private static IDatasetTable Contacts() => new DatasetTable<Linked<Contact>>(
        "contacts", "one person at a customer (personal data)", FieldClass.Contact, "every contact",
        [
            Col<Linked<Contact>>("contact_id", DatasetType.Text, FieldClass.Contact, "the contact's id (P-1001)", p => p.Row.HumanId),
            Col<Linked<Contact>>("customer_id", DatasetType.Text, FieldClass.Basic, "the customer they work at (customers.customer_id)", p => Customer(p.CustomerNumber)),
            Col<Linked<Contact>>("name", DatasetType.Text, FieldClass.Contact, "full name", p => p.Row.Name),
            Col<Linked<Contact>>("title", DatasetType.Text, FieldClass.Contact, "job title", p => p.Row.Title),
            Col<Linked<Contact>>("email", DatasetType.Text, FieldClass.Contact, "e-mail address", p => p.Row.Email),
            Col<Linked<Contact>>("phone", DatasetType.Text, FieldClass.Contact, "phone number", p => p.Row.Phone),
            Col<Linked<Contact>>("created_at", DatasetType.Timestamp, FieldClass.Contact, "when the contact was added (UTC)", p => Utc(p.Row.CreatedAt)),
        ],
        (db, _, after, take, ct) => db.Contacts.AsNoTracking().Where(p => p.Id > after).OrderBy(p => p.Id).Take(take)
            .Select(p => new Linked<Contact>(p, p.Customer!.Number)).ToListAsync(ct),
        p => p.Row.Id);

    private static IDatasetTable Deals() => new DatasetTable<Linked<Deal>>(
        "deals", "one deal (a sale in progress, won or lost)", FieldClass.Commercial, "every deal",
        [
            Col<Linked<Deal>>("deal_id", DatasetType.Text, FieldClass.Commercial, "the deal's id (D-1001)", d => d.Row.HumanId),
            Col<Linked<Deal>>("customer_id", DatasetType.Text, FieldClass.Basic, "the customer (customers.customer_id)", d => Customer(d.CustomerNumber)),
            Col<Linked<Deal>>("name", DatasetType.Text, FieldClass.Commercial, "the deal's name", d => d.Row.Name),
            Col<Linked<Deal>>("stage", DatasetType.Text, FieldClass.Commercial, "qualify, discover, propose, negotiate, won or lost", d => Lower(d.Row.Stage)),
            Col<Linked<Deal>>("amount", DatasetType.Decimal, FieldClass.Commercial, "the deal's amount", d => d.Row.Amount),
            Col<Linked<Deal>>("currency", DatasetType.Text, FieldClass.Commercial, "ISO currency of amount", d => d.Row.Currency),
            Col<Linked<Deal>>("close_date", DatasetType.Date, FieldClass.Commercial, "expected (or actual) close date", d => d.Row.CloseDate),
            Col<Linked<Deal>>("owner", DatasetType.Text, FieldClass.Commercial, "e-mail of the deal's owner", d => d.Row.OwnerEmail),
            Col<Linked<Deal>>("created_at", DatasetType.Timestamp, FieldClass.Commercial, "when the deal was created (UTC)", d => Utc(d.Row.CreatedAt)),
            Col<Linked<Deal>>("stage_changed_at", DatasetType.Timestamp, FieldClass.Commercial, "when its stage last changed (UTC)", d => Utc(d.Row.StageChangedAt)),
            Col<Linked<Deal>>("updated_at", DatasetType.Timestamp, FieldClass.Commercial, "when it last changed (UTC)", d => Utc(d.Row.UpdatedAt)),
        ],
        (db, _, after, take, ct) => db.Deals.AsNoTracking().Where(d => d.Id > after).OrderBy(d => d.Id).Take(take)
            .Select(d => new Linked<Deal>(d, d.Customer!.Number)).ToListAsync(ct),
        d => d.Row.Id);

    private static IDatasetTable Tickets() => new DatasetTable<Linked<Ticket>>(
        "tickets", "one support ticket", FieldClass.Support, "every ticket",
        [
            Col<Linked<Ticket>>("ticket_id", DatasetType.Text, FieldClass.Support, "the ticket's id (T-1001)", t => t.Row.HumanId),
            Col<Linked<Ticket>>("customer_id", DatasetType.Text, FieldClass.Basic, "the customer (customers.customer_id)", t => Customer(t.CustomerNumber)),
            Col<Linked<Ticket>>("subject", DatasetType.Text, FieldClass.Support, "what the problem is", t => t.Row.Subject),
            Col<Linked<Ticket>>("priority", DatasetType.Text, FieldClass.Support, "low, normal, high or urgent", t => Lower(t.Row.Priority)),
            Col<Linked<Ticket>>("status", DatasetType.Text, FieldClass.Support, "open, pending, resolved or closed", t => Lower(t.Row.Status)),
            Col<Linked<Ticket>>("opened_at", DatasetType.Timestamp, FieldClass.Support, "when it was opened (UTC)", t => Utc(t.Row.OpenedAt)),
            Col<Linked<Ticket>>("sla_due_at", DatasetType.Timestamp, FieldClass.Support, "when the SLA runs out (UTC)", t => Utc(t.Row.SlaDueAt)),
            Col<Linked<Ticket>>("resolved_at", DatasetType.Timestamp, FieldClass.Support, "when it was resolved or closed (UTC; empty while open)", t => Utc(t.Row.ResolvedAt)),
        ],
        (db, _, after, take, ct) => db.Tickets.AsNoTracking().Where(t => t.Id > after).OrderBy(t => t.Id).Take(take)
            .Select(t => new Linked<Ticket>(t, t.Customer!.Number)).ToListAsync(ct),
        t => t.Row.Id);

    private static IDatasetTable Invoices() => new DatasetTable<Linked<Invoice>>(
        "invoices", "one invoice (financial data)", FieldClass.Financial, "every invoice",
        [
            Col<Linked<Invoice>>("invoice_id", DatasetType.Text, FieldClass.Financial, "the invoice's number (INV-1001)", i => i.Row.HumanId),
            Col<Linked<Invoice>>("customer_id", DatasetType.Text, FieldClass.Basic, "the customer billed (customers.customer_id)", i => Customer(i.CustomerNumber)),
            Col<Linked<Invoice>>("amount", DatasetType.Decimal, FieldClass.Financial, "the invoiced amount", i => i.Row.Amount),
            Col<Linked<Invoice>>("currency", DatasetType.Text, FieldClass.Financial, "ISO currency of amount", i => i.Row.Currency),
            Col<Linked<Invoice>>("issued_on", DatasetType.Date, FieldClass.Financial, "issue date", i => i.Row.IssuedOn),
            Col<Linked<Invoice>>("due_on", DatasetType.Date, FieldClass.Financial, "due date", i => i.Row.DueOn),
            Col<Linked<Invoice>>("paid_at", DatasetType.Timestamp, FieldClass.Financial, "when it was paid (UTC; empty while unpaid)", i => Utc(i.Row.PaidAt)),
        ],
        (db, _, after, take, ct) => db.Invoices.AsNoTracking().Where(i => i.Id > after).OrderBy(i => i.Id).Take(take)
            .Select(i => new Linked<Invoice>(i, i.Customer!.Number)).ToListAsync(ct),
        i => i.Row.Id);

    private static IDatasetTable Timeline() => new DatasetTable<Linked<TimelineEntry>>(
        "timeline", "one timeline entry: who did what to which customer's record, when, from where", FieldClass.Basic,
        "only entries whose own field class (column field_class) the person may read",
        [
            Col<Linked<TimelineEntry>>("entry_id", DatasetType.Integer, FieldClass.Basic, "the entry's number (ascending in the order entries were written)", t => t.Row.Id),
            Col<Linked<TimelineEntry>>("customer_id", DatasetType.Text, FieldClass.Basic, "the customer (customers.customer_id)", t => Customer(t.CustomerNumber)),
            Col<Linked<TimelineEntry>>("at", DatasetType.Timestamp, FieldClass.Basic, "when it happened (UTC)", t => Utc(t.Row.At)),
            Col<Linked<TimelineEntry>>("kind", DatasetType.Text, FieldClass.Basic, "note, created, stagechange, dealchange, ticket, invoice, task, handoff, fieldchange, contactchange", t => Lower(t.Row.Kind)),
            Col<Linked<TimelineEntry>>("field_class", DatasetType.Text, FieldClass.Basic, "the class of data the entry is about (basic, contact, commercial, support, financial)", t => ClassName(t.Row.FieldClass)),
            Col<Linked<TimelineEntry>>("text", DatasetType.Text, FieldClass.Basic, "what happened, as the timeline shows it", t => t.Row.Text),
            Col<Linked<TimelineEntry>>("actor", DatasetType.Text, FieldClass.Basic, "e-mail of who did it", t => t.Row.ActorEmail),
            Col<Linked<TimelineEntry>>("platform", DatasetType.Text, FieldClass.Basic, "slack, teams, cli or console", t => t.Row.Platform.ToString().ToLowerInvariant()),
            Col<Linked<TimelineEntry>>("record_ref", DatasetType.Text, FieldClass.Basic, "the record it concerns (D-1001, T-1001, …), if any", t => t.Row.RecordRef),
        ],
        // The class test is in the query (as the timeline command does it): rows the person may not read are never read.
        (db, reads, after, take, ct) => db.Timeline.AsNoTracking().Where(t => t.Id > after && (t.FieldClass & reads) == t.FieldClass)
            .Join(db.Customers, t => t.CustomerId, c => c.Id, (t, c) => new { Entry = t, c.Number })
            .OrderBy(x => x.Entry.Id).Take(take).Select(x => new Linked<TimelineEntry>(x.Entry, x.Number))
            .ToListAsync(ct),
        t => t.Row.Id);

    private static string Customer(long number) => HumanId.Format(HumanId.Customer, number);

    /// <summary>The single class an entry is about, as people read it ("support", not "support summary, support").</summary>
    private static string ClassName(FieldClass c) => c.Name();
}

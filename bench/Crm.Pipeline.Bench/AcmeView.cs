using Crm.Domain.Access;

namespace Crm.Pipeline.Bench;

/// <summary>Acme Corporation (C-1001) as the demo seeds it, already loaded into a view.</summary>
public static class AcmeView
{
    public static CustomerView Build() => new()
    {
        Id = "C-1001", Name = "Acme Corporation", Domain = "acme.example", Industry = "Manufacturing", Segment = "Enterprise",
        Region = "EMEA", Owner = "ava@example.com", Lifecycle = "customer",
        Contacts = [new ContactLine("P-1001", "Jane Roe", "Head of Operations", "jane.roe@acme.example", "+1 555 0100")],
        Arr = 48_000m, Currency = "USD",
        Deals = [new DealLine("D-1001", "Acme renewal", "negotiate", 48_000m, "USD", new DateOnly(2026, 12, 17), "ava@example.com")],
        Health = 62, OpenTickets = 1, WorstOpenPriority = "high",
        Tickets = [new TicketLine("T-1001", "Cannot log in to the portal", "high", "open", new DateTimeOffset(2026, 11, 26, 18, 0, 0, TimeSpan.Zero))],
        OverdueInvoices = 1, OverdueTotal = 12_500m, OverdueCurrency = "USD",
        Invoices = [new InvoiceLine("INV-1001", 12_500m, "USD", new DateOnly(2026, 11, 11), false, true)],
    };
}

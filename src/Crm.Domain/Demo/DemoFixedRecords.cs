using Crm.Domain.Channels;
using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Identity;
using Crm.Domain.Invoices;
using Crm.Domain.Storage;
using Crm.Domain.Tickets;

namespace Crm.Domain.Demo;

/// <summary>
/// The fixed records of product.md (Acme Corporation and everything around it, the demo role
/// mappings and channels). Dates are relative to <paramref name="today"/> so the overdue invoice is
/// overdue and the open ticket is recent whenever the demo is seeded.
/// </summary>
public static class DemoFixedRecords
{
    public const long AcmeNumber = 1001;

    public static void Add(CrmDbContext db, DateOnly today, DateTimeOffset now)
    {
        var acme = new Customer(AcmeNumber, "Acme Corporation", "acme.example", "EMEA", "ava@example.com")
        {
            Industry = "Manufacturing",
            Segment = "Enterprise",
            Lifecycle = LifecycleStage.Customer,
            CreatedAt = now.AddDays(-400),
            UpdatedAt = now.AddDays(-2),
        };
        acme.SetHealth(62);
        acme.SetArr(48_000m, "USD");
        db.Customers.Add(acme);
        db.SaveChanges();

        db.Contacts.Add(new Contact(1001, acme.Id, "Jane Roe", "jane.roe@acme.example", "+1 555 0100", "Head of Operations")
        {
            CreatedAt = now.AddDays(-400),
        });

        var renewal = new Deal(1001, acme.Id, "Acme renewal", 48_000m, "USD", today.AddDays(21), "ava@example.com")
        {
            CreatedAt = now.AddDays(-60),
            UpdatedAt = now.AddDays(-3),
        };
        renewal.Seat(DealStage.Negotiate, now.AddDays(-3));
        db.Deals.Add(renewal);

        db.Tickets.Add(new Ticket(1001, acme.Id, "Cannot log in to the portal", TicketPriority.High, now.AddHours(-5)));

        db.Invoices.Add(new Invoice(1001, acme.Id, 12_500m, "USD", today.AddDays(-45), today.AddDays(-15)));

        foreach (var user in DemoDirectory.Users)
            db.RoleMappings.Add(new RoleMappingRule(MappingKind.Email, user.Email, user.Role, user.Region, "demo", now));

        foreach (var channel in DemoDirectory.Channels)
        {
            db.Channels.Add(new ChatChannel
            {
                Platform = channel.Platform,
                Workspace = channel.Workspace,
                ExternalId = channel.ExternalId,
                Name = channel.Name,
                Department = channel.Department,
                BoundBy = channel.Department is null ? null : "demo",
                BoundAt = channel.Department is null ? null : now,
            });
        }
        db.SaveChanges();
    }
}

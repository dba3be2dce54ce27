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
        AddRecords(db, today, now);
        AddPeople(db, now);
    }

    /// <summary>Acme Corporation with its contact, deal, ticket and invoice.</summary>
    public static void AddRecords(CrmDbContext db, DateOnly today, DateTimeOffset now)
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
        db.SaveChanges();
    }

    /// <summary>
    /// The demo people's role rules (root@example.com → crm-admin among them) and the demo channels;
    /// rules and channels that already exist are left as they are. Returns how many rules were added.
    /// Never call it for a database a real platform uses: anyone could then act as a demo person.
    /// </summary>
    public static int AddPeople(CrmDbContext db, DateTimeOffset now)
    {
        var mapped = db.RoleMappings.Where(r => r.Kind == MappingKind.Email).Select(r => r.Match).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var added = 0;
        foreach (var user in DemoDirectory.Users.Where(u => !mapped.Contains(u.Email)))
        {
            db.RoleMappings.Add(new RoleMappingRule(MappingKind.Email, user.Email, user.Role, user.Region, "demo", now));
            added++;
        }

        var known = db.Channels.Select(c => c.ExternalId).ToHashSet(StringComparer.Ordinal);
        foreach (var channel in DemoDirectory.Channels.Where(c => !known.Contains(c.ExternalId)))
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
        return added;
    }
}

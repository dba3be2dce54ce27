using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Invoices;
using Crm.Domain.Storage;
using Crm.Domain.Storage.Bulk;
using Crm.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Demo;

/// <summary>What a seed run wrote.</summary>
public sealed record SeedSummary(long Customers, long Contacts, long Deals, long Tickets, long Invoices, TimeSpan Elapsed)
{
    public long Rows => Customers + Contacts + Deals + Tickets + Invoices;

    /// <summary>Demo people given a role rule (0 when the people were left out or already had one).</summary>
    public int People { get; init; }
}

/// <summary>
/// Fills an empty database with the fixed demo records (Acme C-1001 and friends) and
/// <c>customers</c> generated ones. Refuses a database that already holds customers, so a seed can
/// never mix with real data.
/// </summary>
public sealed class DemoSeeder(CrmDbContext db, TimeProvider time)
{
    public const int DefaultSeed = 42;
    public const int MaxCustomers = 1_000_000;

    /// <param name="includePeople">
    /// Also add the demo people's role rules and the demo channels. False for a database a real
    /// platform (Slack, Teams) uses: demo identities must never hold roles there.
    /// </param>
    public async Task<SeedSummary> SeedAsync(int customers, long seed, Action<string>? progress, CancellationToken cancellationToken,
        bool includePeople = true)
    {
        if (customers is < 0 or > MaxCustomers)
            throw new DomainException($"--customers must be between 0 and {MaxCustomers:N0} (got {customers}).");
        var existing = await db.Customers.CountAsync(cancellationToken);
        if (existing > 0)
            throw new DomainException($"The database already holds {existing:N0} customers; seed only fills an empty database. " +
                                      "Point ConnectionStrings:Crm (or Storage:SqlitePath) at a new database and run migrate first.");

        var started = time.GetTimestamp();
        var generator = new DemoDataGenerator(seed, customers, time.GetUtcNow());
        // One transaction for everything: a failed or cancelled seed leaves the database empty.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        DemoFixedRecords.AddRecords(db, generator.Today, generator.Now);
        var people = includePeople ? DemoFixedRecords.AddPeople(db, generator.Now) : 0;
        db.ChangeTracker.Clear();

        await using var loader = BulkLoader.For(db);
        var customerBase = await loader.MaxKeyAsync<Customer>(cancellationToken);
        long CustomerId(int index) => customerBase + 1 + index;

        var counts = new long[5];
        counts[0] = await Write(loader, "customers", generator.Customers(), customerBase, progress, cancellationToken);
        counts[1] = await Write(loader, "contacts", generator.Contacts(CustomerId), await loader.MaxKeyAsync<Contact>(cancellationToken), progress, cancellationToken);
        counts[2] = await Write(loader, "deals", generator.Deals(CustomerId), await loader.MaxKeyAsync<Deal>(cancellationToken), progress, cancellationToken);
        counts[3] = await Write(loader, "tickets", generator.Tickets(CustomerId), await loader.MaxKeyAsync<Ticket>(cancellationToken), progress, cancellationToken);
        counts[4] = await Write(loader, "invoices", generator.Invoices(CustomerId), await loader.MaxKeyAsync<Invoice>(cancellationToken), progress, cancellationToken);
        progress?.Invoke("finishing (key sequences, statistics)");
        await loader.CompleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // The fixed records count too: Acme, its contact, deal, ticket and invoice.
        return new SeedSummary(counts[0] + 1, counts[1] + 1, counts[2] + 1, counts[3] + 1, counts[4] + 1, time.GetElapsedTime(started)) { People = people };
    }

    /// <summary>Only the demo people's role rules and channels, for a database that already holds customers but no rules.</summary>
    public int SeedPeople() => DemoFixedRecords.AddPeople(db, time.GetUtcNow());

    private static async Task<long> Write<T>(BulkLoader loader, string what, IEnumerable<T> rows, long keyBase, Action<string>? progress,
        CancellationToken cancellationToken) where T : class
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var next = keyBase;
        var count = await loader.WriteAsync(rows, _ => ++next, cancellationToken);
        progress?.Invoke($"{what}: {count:N0} rows in {started.Elapsed.TotalSeconds:N1} s");
        return count;
    }
}

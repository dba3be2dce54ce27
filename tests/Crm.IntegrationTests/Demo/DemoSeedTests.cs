using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Demo;
using Crm.Domain.Storage;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Crm.IntegrationTests.Demo;

public sealed class DemoSeedTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static async Task<SeedSummary> SeedAsync(TestStore store, int customers, long seed)
    {
        await using var db = store.CreateContext();
        return await new DemoSeeder(db, new FakeTimeProvider(Now)).SeedAsync(customers, seed, null, default);
    }

    /// <summary>Every generated value that matters, in key order, as one comparable text.</summary>
    private static async Task<string> FingerprintAsync(TestStore store)
    {
        await using var db = store.CreateContext();
        // Formatted here, not in SQL, so both providers' text conversions cannot differ.
        static string M(decimal amount) => amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        var customers = (await db.Customers.AsNoTracking().OrderBy(c => c.Number).ToListAsync())
            .Select(c => $"{c.Number}|{c.Name}|{c.Domain}|{c.Region}|{c.OwnerEmail}|{c.Industry}|{c.Lifecycle}|{c.HealthScore}|{M(c.Arr)}|{c.CreatedAt.UtcTicks}");
        var contacts = (await db.Contacts.AsNoTracking().OrderBy(c => c.Number).ToListAsync())
            .Select(c => $"{c.Number}|{c.CustomerId}|{c.Name}|{c.Email}|{c.Phone}");
        var deals = (await db.Deals.AsNoTracking().OrderBy(d => d.Number).ToListAsync())
            .Select(d => $"{d.Number}|{d.CustomerId}|{d.Stage}|{M(d.Amount)}|{d.CloseDate}|{d.OwnerEmail}");
        var tickets = (await db.Tickets.AsNoTracking().OrderBy(t => t.Number).ToListAsync())
            .Select(t => $"{t.Number}|{t.CustomerId}|{t.Priority}|{t.Status}|{t.OpenedAt.UtcTicks}|{t.SlaDueAt.UtcTicks}");
        var invoices = (await db.Invoices.AsNoTracking().OrderBy(i => i.Number).ToListAsync())
            .Select(i => $"{i.Number}|{i.CustomerId}|{M(i.Amount)}|{i.DueOn}|{i.PaidAt?.UtcTicks}");
        return string.Join("\n", customers.Concat(contacts).Concat(deals).Concat(tickets).Concat(invoices));
    }

    [Fact]
    public async Task SameSeed_GivesSameData_OnPostgres()
    {
        await using var first = await TestStore.CreateAsync(TestStore.Postgres);
        await using var second = await TestStore.CreateAsync(TestStore.Postgres);
        await using var other = await TestStore.CreateAsync(TestStore.Postgres);
        await SeedAsync(first, 300, 7);
        await SeedAsync(second, 300, 7);
        await SeedAsync(other, 300, 8);

        var fingerprint = await FingerprintAsync(first);
        Assert.Equal(fingerprint, await FingerprintAsync(second));
        Assert.NotEqual(fingerprint, await FingerprintAsync(other));
    }

    [Fact]
    public async Task PostgresAndSqlite_HoldTheSameSeededData()
    {
        await using var postgres = await TestStore.CreateAsync(TestStore.Postgres);
        await using var sqlite = await TestStore.CreateAsync(TestStore.Sqlite);
        var a = await SeedAsync(postgres, 150, 3);
        var b = await SeedAsync(sqlite, 150, 3);
        Assert.Equal(a with { Elapsed = default }, b with { Elapsed = default });
        Assert.Equal(await FingerprintAsync(postgres), await FingerprintAsync(sqlite));
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task Seed_HasFixedRecordsFirst_ThenRealisticGeneratedOnes(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var summary = await SeedAsync(store, 400, DemoSeeder.DefaultSeed);
        Assert.Equal(401, summary.Customers);

        await using var db = store.CreateContext();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        Assert.Equal(("Acme Corporation", "acme.example", "ava@example.com"), (acme.Name, acme.Domain, acme.OwnerEmail));
        Assert.Equal("Acme renewal", (await db.Deals.SingleAsync(d => d.Number == 1001)).Name);
        Assert.Equal(12_500m, (await db.Invoices.SingleAsync(i => i.Number == 1001)).Amount);
        Assert.Equal(1002, await db.Customers.Where(c => c.Number > 1001).MinAsync(c => c.Number));
        Assert.Equal(1002, await db.Deals.Where(d => d.Number > 1001).MinAsync(d => d.Number));

        var stages = await db.Deals.Select(d => d.Stage).Distinct().ToListAsync();
        Assert.Equal(Enum.GetValues<DealStage>().Order(), stages.Order());
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        Assert.True(await db.Invoices.CountAsync(i => i.PaidAt == null && i.DueOn < today) > 10, "some invoices are overdue");
        Assert.True(await db.Invoices.CountAsync(i => i.PaidAt != null) > 10, "most invoices are paid");
        Assert.True(await db.Customers.CountAsync(c => c.OwnerEmail == "ava@example.com" && c.Number > 1001) > 5);
        Assert.True(await db.Customers.CountAsync(c => c.OwnerEmail == "max@example.com") > 5);
        Assert.Equal(0, await db.Customers.CountAsync(c => c.OwnerEmail == "ava@example.com" && c.Region != "EMEA"));
        Assert.Equal(await db.Customers.CountAsync(), await db.Customers.Select(c => c.NameKey).Distinct().CountAsync());

        // Keys continue after the bulk-written rows, so ordinary inserts still work.
        db.Customers.Add(new Domain.Customers.Customer(5000, "Afterwards Ltd", null, null, null));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Seed_RefusesADatabaseWithCustomers()
    {
        await using var store = await TestStore.CreateAsync(TestStore.Postgres);
        await SeedAsync(store, 5, 1);
        var error = await Assert.ThrowsAsync<DomainException>(() => SeedAsync(store, 5, 1));
        Assert.Contains("already holds 6 customers", error.Message);
    }
}

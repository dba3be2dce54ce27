using System.Text.Json;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Storage;
using Crm.Domain.Timeline;
using Crm.Domain.Demo;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Tests.Customers;

/// <summary>The one-round-trip PostgreSQL read must produce exactly what the portable per-table read produces.</summary>
public sealed class CustomerViewLoaderTests
{
    [Fact]
    public async Task OnPostgres_TheSingleQuery_ReadsTheSameRows_AsThePortablePath_ForEveryKindOfCustomer()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var seed = database.CreateContext())
            await new DemoSeeder(seed, TimeProvider.System).SeedAsync(60, DemoSeeder.DefaultSeed, null, CancellationToken.None);
        await using (var seed = database.CreateContext())
            await AddTimelinesAsync(seed);

        await using var db = database.CreateContext();
        var customers = await db.Customers.OrderBy(c => c.Number).Select(c => new { c.Id, c.Number }).ToListAsync();
        var withEverything = 0;
        foreach (var customer in customers)
        {
            var single = await PostgresCustomerViewQuery.LoadAsync(db, customer.Id, CancellationToken.None);
            var byNumber = await PostgresCustomerViewQuery.LoadByNumberAsync(db, customer.Number, CancellationToken.None);
            var portable = await CustomerViewLoader.LoadRowsAsync(db, customer.Id, CancellationToken.None);

            Assert.NotNull(single);
            Assert.Equal(JsonSerializer.Serialize(portable), JsonSerializer.Serialize(single));
            Assert.Equal(JsonSerializer.Serialize(portable), JsonSerializer.Serialize(byNumber));
            if (single.Contacts.Count > 0 && single.Deals.Count > 0 && single.Tickets.Count > 0 && single.Invoices.Count > 0
                && single.Timeline.Select(t => t.FieldClass).Distinct().Count() > 2) withEverything++;
        }
        Assert.True(withEverything > 5, $"Only {withEverything} customers had every kind of record; the comparison would prove little.");
        Assert.Null(await PostgresCustomerViewQuery.LoadByNumberAsync(db, 999_999, CancellationToken.None));
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task TheTimelineRows_AreTheLatestFewOfEachClass_NewestFirst_AndACardShowsTheLatestItsAudienceMayRead(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var today = new DateOnly(2026, 11, 26);
        await using (var seed = store.CreateContext())
            DemoFixedRecords.Add(seed, today, new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        await using (var seed = store.CreateContext())
            await AddTimelinesAsync(seed);

        await using var db = store.CreateContext();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        var all = (await db.Timeline.Where(t => t.CustomerId == acme.Id).ToListAsync())
            .OrderByDescending(t => t.At).ThenByDescending(t => t.Id).ToList();
        var expected = all.GroupBy(t => t.FieldClass).SelectMany(g => g.Take(CustomerView.LatestEntries))
            .OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Select(t => t.Id).ToList();

        var rows = await CustomerViewLoader.LoadRowsByNumberAsync(db, 1001, CancellationToken.None);
        Assert.Equal(expected, rows!.Timeline.Select(t => t.Id).ToList());

        // Whatever an audience reads, the card's latest entries are exactly the newest it may read.
        var view = CustomerViewLoader.Build(rows, today);
        foreach (var reads in new[] { FieldClass.Basic, FieldClass.Basic | FieldClass.Financial, FieldClass.All, FieldClass.Contact | FieldClass.Support })
        {
            var shown = Redactor.Redact(view, new Audience("test", reads, "test")).View.Timeline.Select(t => t.Text).ToList();
            Assert.Equal(all.Where(t => reads.CanRead(t.FieldClass)).Take(CustomerView.LatestEntries).Select(t => t.Text).ToList(), shown);
        }
    }

    /// <summary>Timeline entries of every class for every customer, several sharing one instant, so order ties are exercised.</summary>
    private static async Task AddTimelinesAsync(CrmDbContext db)
    {
        var random = new Random(15);
        var classes = new[] { FieldClass.Basic, FieldClass.Contact, FieldClass.Commercial, FieldClass.Support, FieldClass.Financial };
        var kinds = Enum.GetValues<TimelineKind>();
        var start = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        foreach (var id in await db.Customers.Select(c => c.Id).ToListAsync())
            for (var i = 0; i < random.Next(0, 14); i++)
                db.Timeline.Add(new TimelineEntry(id, kinds[random.Next(kinds.Length)], classes[random.Next(classes.Length)], $"entry {id}-{i}",
                    "ava@example.com", Platform.Slack, random.Next(2) == 0 ? null : "slack:T0DEMO:C0SALES", null, start.AddMinutes(random.Next(0, 6))));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task AcmeView_ShowsTheFixedRecords_OnBothPaths()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var today = new DateOnly(2026, 11, 26);
        await using (var seed = database.CreateContext())
            DemoFixedRecords.Add(seed, today, new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

        await using var db = database.CreateContext();
        var acme = await CustomerViewLoader.LoadRowsByNumberAsync(db, 1001, CancellationToken.None);
        var view = CustomerViewLoader.Build(acme!, today);

        Assert.Equal("C-1001", view.Id);
        Assert.Equal("Acme Corporation", view.Name);
        Assert.Equal("negotiate", Assert.Single(view.Deals).Stage);
        Assert.Equal(1, view.OpenTickets);
        Assert.Equal("high", view.WorstOpenPriority);
        Assert.Equal(1, view.OverdueInvoices);
        Assert.Equal(12_500m, view.OverdueTotal);
        Assert.Equal("Jane Roe", Assert.Single(view.Contacts).Name);
    }

    [Fact]
    public async Task ConcurrentReads_SharingRoundTrips_EachGetTheirOwnCustomer()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var seed = database.CreateContext())
            await new DemoSeeder(seed, TimeProvider.System).SeedAsync(40, DemoSeeder.DefaultSeed, null, CancellationToken.None);
        await using var list = database.CreateContext();
        var customers = await list.Customers.OrderBy(c => c.Number).Select(c => new { c.Id, c.Number }).ToListAsync();

        // Every read at once, each on its own context, by id and by number, plus numbers nobody has.
        async Task<(string Expected, string? ById, string? ByNumber)> ReadAsync(long id, long number)
        {
            await using var db = database.CreateContext();
            var byId = PostgresCustomerViewQuery.LoadAsync(db, id, CancellationToken.None);
            var byNumber = PostgresCustomerViewQuery.LoadByNumberAsync(db, number, CancellationToken.None);
            await using var portable = database.CreateContext();
            var expected = JsonSerializer.Serialize(await CustomerViewLoader.LoadRowsAsync(portable, id, CancellationToken.None));
            return (expected, JsonSerializer.Serialize(await byId), JsonSerializer.Serialize(await byNumber));
        }
        var reads = await Task.WhenAll(customers.Select(c => ReadAsync(c.Id, c.Number)));
        var missing = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await using var db = database.CreateContext();
            return await PostgresCustomerViewQuery.LoadByNumberAsync(db, 900_000 + i, CancellationToken.None);
        }));

        Assert.All(reads, read => Assert.Equal((read.Expected, read.Expected), (read.ById, read.ByNumber)));
        Assert.All(missing, Assert.Null);
    }

    [Fact]
    public async Task InsideATransaction_TheCardShowsTheTransactionsOwnChanges()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var today = new DateOnly(2026, 11, 26);
        await using (var seed = database.CreateContext())
            DemoFixedRecords.Add(seed, today, new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE customers SET \"Name\" = 'Acme Renamed' WHERE \"Number\" = 1001");
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);

        Assert.Equal("Acme Renamed", (await PostgresCustomerViewQuery.LoadByNumberAsync(db, 1001, CancellationToken.None))!.Customer.Name);
        Assert.Equal("Acme Renamed", (await PostgresCustomerViewQuery.LoadAsync(db, acme.Id, CancellationToken.None))!.Customer.Name);
    }
}

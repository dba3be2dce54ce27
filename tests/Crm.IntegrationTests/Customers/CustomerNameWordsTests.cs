using Crm.Domain.Customers;
using Crm.Domain.Customers.Search;
using Crm.Domain.Demo;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.IntegrationTests.Customers;

/// <summary>
/// PostgreSQL's fuzzy search corrects each query word against the words of customer names; the word
/// list is kept by triggers on every way customers are written (EF inserts, renames, binary COPY).
/// </summary>
public sealed class CustomerNameWordsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static async Task<List<string>> WordsAsync(PostgresDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Database.SqlQueryRaw<string>("""SELECT word AS "Value" FROM customer_name_words ORDER BY word""").ToListAsync();
    }

    [Fact]
    public async Task WordList_FollowsInsertsAndRenames_AndSkipsShortWords()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            db.Customers.Add(new Customer(2001, "Zanzibar Widgets of Oslo", null, null, null) { CreatedAt = Now, UpdatedAt = Now });
            await db.SaveChangesAsync();
            var customer = await db.Customers.SingleAsync();
            customer.Rename("Quillon Gears");
            await db.SaveChangesAsync();
        }

        Assert.Equal(["gears", "oslo", "quillon", "widgets", "zanzibar"], await WordsAsync(database));
    }

    [Fact]
    public async Task WordList_FollowsTheBulkSeed()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var db = database.CreateContext())
            await new DemoSeeder(db, TimeProvider.System).SeedAsync(200, DemoSeeder.DefaultSeed, null, CancellationToken.None);

        await using var check = database.CreateContext();
        var missing = await check.Database.SqlQueryRaw<string>("""
            SELECT DISTINCT w AS "Value" FROM customers, unnest(string_to_array("NameKey", ' ')) AS w
            WHERE length(w) >= 3 AND NOT EXISTS (SELECT 1 FROM customer_name_words WHERE word = w)
            """).ToListAsync();
        Assert.Empty(missing);
        Assert.Contains("acme", await WordsAsync(database));
    }

    [Fact]
    public async Task TwoWordTypo_AmongManyNamesSharingTheCommonWord_FindsTheCustomerFirst()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            var number = 2000;
            foreach (var first in new[] { "Tagenna", "Tagemma", "Tavenna", "Borlund", "Quentix", "Marvolo", "Sixten", "Helwensel" })
                db.Customers.Add(new Customer(number++, $"{first} Systems", null, null, null) { CreatedAt = Now, UpdatedAt = Now });
            for (var i = 0; i < 300; i++)
                db.Customers.Add(new Customer(number++, $"Filler{i:D3}x Systems", null, null, null) { CreatedAt = Now, UpdatedAt = Now });
            await db.SaveChangesAsync();
        }

        await using var search = database.CreateContext();
        var hits = await new PostgresCustomerSearch(search).SearchAsync("tagnena systems", 5, default);
        Assert.Equal(("Tagenna Systems", MatchKind.Similar), (hits[0].Name, hits[0].Match));

        var swapped = await new PostgresCustomerSearch(search).SearchAsync("hewlensel sytsems", 5, default);
        Assert.Equal("Helwensel Systems", swapped[0].Name);
    }

    [Fact]
    public async Task AWordLikeNoName_IsLeftOut_AndTheRestStillFindsTheCustomer()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var db = database.CreateContext())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(Now.UtcDateTime), Now);

        await using var search = database.CreateContext();
        var hits = await new PostgresCustomerSearch(search).SearchAsync("the acme corproation", 5, default);
        Assert.Equal("Acme Corporation", hits[0].Name);
    }
}

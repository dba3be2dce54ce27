using Crm.Domain.Customers;
using Crm.Domain.Customers.Search;
using Crm.Domain.Demo;
using Crm.Domain.Storage;
using Crm.Testing;

namespace Crm.IntegrationTests.Customers;

public sealed class CustomerSearchTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static async Task<TestStore> StoreWithCustomersAsync(string provider)
    {
        var store = await TestStore.CreateAsync(provider);
        await using var db = store.CreateContext();
        DemoFixedRecords.Add(db, DateOnly.FromDateTime(Now.UtcDateTime), Now);
        var number = 1002;
        foreach (var (name, domain) in new[]
                 {
                     ("Acme Logistics", "acme-logistics.example"), ("Acmeco", "acmeco.example"), ("Umbrella Acme Holdings", "umbrella.example"),
                     ("Globex Ltd", "globex.example"), ("Initech", "initech.example"), ("Hooli", "hooli.example"),
                 })
            db.Customers.Add(new Customer(number++, name, domain, "AMER", null) { CreatedAt = Now, UpdatedAt = Now });
        await db.SaveChangesAsync();
        return store;
    }

    private static ICustomerSearch SearchFor(CrmDbContext db) => db.IsPostgres ? new PostgresCustomerSearch(db) : new SqliteCustomerSearch(db);

    private static async Task<IReadOnlyList<CustomerHit>> Search(TestStore store, string query, int limit = 10)
    {
        await using var db = store.CreateContext();
        return await SearchFor(db).SearchAsync(query, limit, default);
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task ExactId_ReturnsOnlyThatCustomer(string provider)
    {
        await using var store = await StoreWithCustomersAsync(provider);
        var hit = Assert.Single(await Search(store, "c-1001"));
        Assert.Equal(("C-1001", "Acme Corporation", MatchKind.ExactId), (hit.HumanId, hit.Name, hit.Match));
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task Ranking_IsExactNameThenPrefixThenSimilar(string provider)
    {
        await using var store = await StoreWithCustomersAsync(provider);

        var exact = await Search(store, "ACME corporation");
        Assert.Equal(("Acme Corporation", MatchKind.ExactName), (exact[0].Name, exact[0].Match));

        var acme = await Search(store, "acme");
        Assert.Equal(["Acme Corporation", "Acme Logistics", "Acmeco", "Umbrella Acme Holdings"], acme.Select(h => h.Name));
        Assert.Equal([MatchKind.Prefix, MatchKind.Prefix, MatchKind.Prefix, MatchKind.Similar], acme.Select(h => h.Match));
        Assert.Equal(acme.Count, acme.Select(h => h.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task Domain_MatchesExactlyAndByPrefix(string provider)
    {
        await using var store = await StoreWithCustomersAsync(provider);
        var exact = await Search(store, "https://www.globex.example/");
        Assert.Equal(("Globex Ltd", MatchKind.ExactDomain), (exact[0].Name, exact[0].Match));
        var prefix = await Search(store, "umbrella.ex");
        Assert.Equal(("Umbrella Acme Holdings", MatchKind.Prefix), (prefix[0].Name, prefix[0].Match));
    }

    [Theory]
    [InlineData(TestStore.Postgres, "initehc", "Initech")]
    [InlineData(TestStore.Sqlite, "initehc", "Initech")]
    [InlineData(TestStore.Postgres, "acme corproation", "Acme Corporation")]
    [InlineData(TestStore.Sqlite, "acme corproation", "Acme Corporation")]
    public async Task Typos_FindTheCustomer_BySimilarity(string provider, string query, string expected)
    {
        await using var store = await StoreWithCustomersAsync(provider);
        var hits = await Search(store, query);
        Assert.Equal((expected, MatchKind.Similar), (hits[0].Name, hits[0].Match));
        Assert.InRange(hits[0].Score, 0.6, 1.0);
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task NothingLikeIt_FindsNothing_AndOddInputIsHarmless(string provider)
    {
        await using var store = await StoreWithCustomersAsync(provider);
        Assert.Empty(await Search(store, "zyxwvut"));
        Assert.Empty(await Search(store, "   "));
        Assert.Empty(await Search(store, "%"));
        Assert.Empty(await Search(store, "a_me%"));
        Assert.Empty(await Search(store, "C-999999"));
        Assert.Equal(2, (await Search(store, "acme", limit: 2)).Count);
    }
}

using Crm.Domain.Customers;
using Crm.Domain.Customers.Csv;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Domain.Tests.Customers;

/// <summary>An import names every reason a row is bad, with its line, so one pass over the file fixes it.</summary>
public sealed class CustomerCsvValidationTests : IAsyncLifetime
{
    private const string Header = "name,domain,region,owner,lifecycle,health,arr,currency,contact_name,contact_email,contact_phone";
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        db.Customers.Add(new Customer(1001, "Acme Corporation", "acme.example", "EMEA", "ava@example.com"));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<CustomerImportReport> Import(params string[] lines)
    {
        await using var db = _database.CreateContext();
        var importer = new CustomerCsvImporter(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)));
        return await importer.ImportAsync(new StringReader(string.Join('\n', [Header, .. lines])), skipInvalid: false, "cli:test", "import customers t.csv",
            CancellationToken.None);
    }

    [Fact]
    public async Task Import_ReportsHealthBesideABadDomain_ForTheSameRow()
    {
        var report = await Import("Globex Ltd,not a domain,EMEA,,,150,,,,,");

        var problem = Assert.Single(report.Problems);
        Assert.Equal(2, problem.Line);
        Assert.Equal(2, problem.Reasons.Count);
        Assert.Contains(problem.Reasons, r => r.StartsWith("Domain 'not a domain' is not valid (expected something like acme.example)", StringComparison.Ordinal));
        Assert.Contains(problem.Reasons, r => r.StartsWith("Health score must be between 0 and 100 (got 150)", StringComparison.Ordinal));
        Assert.Contains("Domain 'not a domain'", problem.Reason);
        Assert.Contains("Health score must be between 0 and 100", problem.Reason);
    }

    [Fact]
    public async Task Import_ListsEveryBadField_OfOneRow_EachWithHowToFixIt()
    {
        var report = await Import(",bad_domain,EMEA,not-an-email,stage9,abc,-5,euro,,jane@@x,call me");

        var problem = Assert.Single(report.Problems);
        Assert.Equal(2, problem.Line);
        string[] expected =
        [
            "Customer name is required",
            "Domain 'bad_domain' is not valid",
            "Owner 'not-an-email' is not a valid address",
            "Lifecycle 'stage9' is not one of lead, prospect, customer, churned",
            "Health 'abc' is not a whole number from 0 to 100",
            "ARR must be zero or more (got -5)",
            "Currency 'euro' is not a three-letter ISO code",
            "contact_name is required when contact_email, contact_phone or contact_title is given",
            "Contact e-mail 'jane@@x' is not a valid address",
            "Phone 'call me' is not valid",
        ];
        foreach (var start in expected)
            Assert.Contains(problem.Reasons, r => r.StartsWith(start, StringComparison.Ordinal));
        Assert.Equal(expected.Length, problem.Reasons.Count);
        Assert.Equal(0, report.Applied);
    }

    [Fact]
    public async Task Import_NamesBothTheSameNameAndTheSameDomain_WhenARowRepeatsBoth()
    {
        // A line with Acme's domain updates Acme; a new customer may not take Acme's name.
        var report = await Import(
            "Globex Ltd,globex.example,EMEA,,,,,,,,",
            "Globex Ltd,globex.example,EMEA,,,,,,,,",
            "Acme Corporation,acme-two.example,EMEA,,,,,,,,");

        Assert.Equal([3, 4], report.Problems.Select(p => p.Line));
        var twin = report.Problems[0].Reasons;
        Assert.Contains(twin, r => r.StartsWith("Duplicate of line 2 (same name 'Globex Ltd')", StringComparison.Ordinal));
        Assert.Contains(twin, r => r.StartsWith("Duplicate of line 2 (same domain globex.example)", StringComparison.Ordinal));
        var existing = report.Problems[1].Reasons;
        Assert.Contains(existing, r => r.StartsWith("Customer C-1001 already has the name 'Acme Corporation'", StringComparison.Ordinal));
        Assert.All(report.Problems.SelectMany(p => p.Reasons), r => Assert.Matches("(leave|remove|change|give|use)", r.ToLowerInvariant()));
    }

    [Fact]
    public async Task Import_ReportsADuplicateName_EvenWhenTheRowHasOtherFaults()
    {
        var report = await Import("Acme Corporation,,EMEA,,,101,,,,,");

        var reasons = Assert.Single(report.Problems).Reasons;
        Assert.Contains(reasons, r => r.StartsWith("Health score must be between 0 and 100 (got 101)", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("Customer C-1001 already has the name 'Acme Corporation'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://")]
    [InlineData("http://exa mple.com")]
    public async Task Import_ADomainThatIsABrokenAddress_IsAReason_NotACrash(string domain)
    {
        var report = await Import($"Globex Ltd,{domain},EMEA,,,,,,,,");

        var reason = Assert.Single(Assert.Single(report.Problems).Reasons);
        Assert.StartsWith("Domain '", reason);
        Assert.Contains("expected something like acme.example", reason);
        await using var db = _database.CreateContext();
        Assert.Equal(1, await db.Customers.CountAsync());
    }
}

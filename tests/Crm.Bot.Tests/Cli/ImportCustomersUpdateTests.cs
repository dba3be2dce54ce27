using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Customers;
using Crm.Domain.Timeline;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Cli;

/// <summary>
/// `import customers FILE` updates the customers its lines match (by id, else by domain) and creates
/// the rest; `--dry-run` says what each line would do and writes nothing; one bad line still means
/// nothing is written. Through the real command line, on both stores.
/// </summary>
public sealed class ImportCustomersUpdateTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crm-import-").FullName;
    private TestStore? _store;

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Acme (C-1001) and Globex (C-1002, with a contact) on a fresh store.</summary>
    private async Task<TestStore> StoreAsync(string provider)
    {
        _store = await TestStore.CreateAsync(provider);
        await using var db = _store.CreateContext();
        var acme = new Customer(1001, "Acme Corporation", "acme.example", "EMEA", "ava@example.com") { Industry = "Software", Segment = "Enterprise", Lifecycle = LifecycleStage.Customer };
        acme.SetHealth(80);
        acme.SetArr(48000m, "USD");
        var globex = new Customer(1002, "Globex Ltd", "globex.example", "EMEA", "max@example.com") { Industry = "Manufacturing" };
        globex.Contacts.Add(new Contact(1001, 0, "Hank Scorpio", "hank@globex.example", null));
        db.Customers.AddRange(acme, globex);
        await db.SaveChangesAsync();
        return _store;
    }

    private string File(params string[] lines)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.csv");
        System.IO.File.WriteAllLines(path, lines);
        return path;
    }

    private Task<(int Exit, string Output)> ImportAsync(string path, params string[] flags) =>
        CliHarness.RunAsync(_store!.HostSettings, ["import", "customers", path, .. flags]);

    private async Task<(int Customers, int Contacts, int Audit, int Timeline)> CountsAsync()
    {
        await using var db = _store!.CreateContext();
        return (await db.Customers.CountAsync(), await db.Contacts.CountAsync(), await db.Audit.CountAsync(), await db.Timeline.CountAsync());
    }

    private async Task<Customer> CustomerAsync(long number)
    {
        await using var db = _store!.CreateContext();
        return await db.Customers.AsNoTracking().SingleAsync(c => c.Number == number);
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task ALineWithAnId_UpdatesOnlyTheFieldsItGives_AuditedAndOnTheTimelineInEachFieldsClass(string provider)
    {
        await StoreAsync(provider);
        var path = File("id,name,industry,health,arr", "C-1001,Acme Corporation,Retail,72,");

        var (exit, output) = await ImportAsync(path);

        Assert.True(exit == 0, output);
        Assert.Contains("line 2: update C-1001 'Acme Corporation': industry Software → Retail; health 80 → 72", output);
        Assert.Contains("Imported 1 customer(s) from 1 row(s). Created 0, updated 1, unchanged 0.", output);
        var acme = await CustomerAsync(1001);
        Assert.Equal(("Retail", 72, 48000m, "USD", "EMEA", "Enterprise", LifecycleStage.Customer),
            (acme.Industry, acme.HealthScore, acme.Arr, acme.Currency, acme.Region, acme.Segment, acme.Lifecycle));
        await using var db = _store!.CreateContext();
        var entries = await db.Timeline.Where(t => t.CustomerId == acme.Id).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal(
            [(TimelineKind.FieldChange, FieldClass.Basic, "industry Software → Retail (import)"), (TimelineKind.FieldChange, FieldClass.Support, "health 80 → 72 (import)")],
            entries.Select(e => (e.Kind, e.FieldClass, e.Text)));
        var change = await db.Audit.SingleAsync(a => a.Action == AuditAction.Change);
        Assert.Equal(("C-1001", acme.Id, "import line 2: industry Software → Retail; health 80 → 72"), (change.RecordRef, change.CustomerId!.Value, change.Detail));
        Assert.Equal(AuditOutcome.Allowed, (await db.Audit.SingleAsync(a => a.Action == AuditAction.Import)).Outcome);
        Assert.Equal(2, await db.Customers.CountAsync());
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task ALineWithoutAnId_MatchesByDomainIgnoringCase_AndTheOtherLinesAreCreated(string provider)
    {
        await StoreAsync(provider);
        var path = File("name,domain,arr,currency,contact_name,contact_email",
            "Acme Corporation,ACME.Example,60000,EUR,Jane Roe,jane.roe@acme.example",
            "Globex Ltd,globex.example,,,Hank Scorpio,HANK@globex.example",
            "Hooli,hooli.example,1000,,,");

        var (exit, output) = await ImportAsync(path);

        Assert.True(exit == 0, output);
        Assert.Contains("line 2: update C-1001 'Acme Corporation': arr 48000 USD → 60000 EUR; contact (none) → Jane Roe <jane.roe@acme.example>", output);
        Assert.Contains("Created 1, updated 1, unchanged 1.", output);
        var acme = await CustomerAsync(1001);
        Assert.Equal((60000m, "EUR"), (acme.Arr, acme.Currency));
        await using var db = _store!.CreateContext();
        Assert.Equal(["Acme Corporation", "Globex Ltd", "Hooli"], await db.Customers.OrderBy(c => c.Number).Select(c => c.Name).ToListAsync());
        Assert.Equal(1003, (await db.Customers.SingleAsync(c => c.Name == "Hooli")).Number);
        // Globex already has Hank (e-mails compare without case): no second Hank, nothing on its timeline.
        var globex = await CustomerAsync(1002);
        Assert.Equal(1, await db.Contacts.CountAsync(c => c.CustomerId == globex.Id));
        Assert.False(await db.Timeline.AnyAsync(t => t.CustomerId == globex.Id));
        Assert.Equal("Jane Roe", (await db.Contacts.SingleAsync(c => c.CustomerId == acme.Id)).Name);
        var entries = await db.Timeline.Where(t => t.CustomerId == acme.Id).OrderBy(t => t.Id).Select(t => new { t.Kind, t.FieldClass }).ToListAsync();
        Assert.Equal([(TimelineKind.FieldChange, FieldClass.Commercial), (TimelineKind.ContactChange, FieldClass.Contact)], entries.Select(e => (e.Kind, e.FieldClass)));
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task DryRun_SaysWhatEachLineWouldDo_AndWritesNothing(string provider)
    {
        await StoreAsync(provider);
        var path = File("id,name,domain,industry,health",
            ",Hooli,hooli.example,,",
            "C-1001,Acme Corporation,,Retail,",
            ",Globex Ltd,GLOBEX.example,Manufacturing,",
            ",Initech,initech.example,,150");
        var before = await CountsAsync();

        var (exit, output) = await ImportAsync(path, "--dry-run");

        Assert.Equal(1, exit);
        Assert.Contains("line 2: create 'Hooli'", output);
        Assert.Contains("line 3: update C-1001 'Acme Corporation': industry Software → Retail", output);
        Assert.Contains("line 4: unchanged C-1002 'Globex Ltd'", output);
        Assert.Contains("line 5: rejected: Health score must be between 0 and 100 (got 150)", output);
        Assert.Contains("Dry run of 4 row(s): 1 to create, 1 to update, 1 unchanged, 1 rejected. Nothing was written.", output);
        Assert.Equal(before, await CountsAsync());
        Assert.Equal("Software", (await CustomerAsync(1001)).Industry);

        // Without the bad line the dry run passes, and still writes nothing.
        var good = File("id,name,domain,industry", ",Hooli,hooli.example,", "C-1001,Acme Corporation,,Retail");
        var (goodExit, goodOutput) = await ImportAsync(good, "--dry-run");
        Assert.True(goodExit == 0, goodOutput);
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task OneBadLine_MeansNothingIsWritten_AndEveryProblemIsListed(string provider)
    {
        await StoreAsync(provider);
        var path = File("id,name,domain,industry,owner",
            "C-1001,Acme Corporation,,Retail,",
            ",Hooli,hooli.example,,",
            "C-1002,Globex Ltd,,,not-an-email",
            "C-1001,Acme Corporation,,Media,",
            "C-1002,Acme Corporation,,,",
            "C-1002,Globex Ltd,acme.example,,",
            "X-12,Initech,,,");
        var before = await CountsAsync();

        var (exit, output) = await ImportAsync(path);

        Assert.Equal(1, exit);
        Assert.Contains("line 4: Owner 'not-an-email' is not a valid address", output);
        Assert.Contains("line 5: Duplicate of line 2 (same name 'Acme Corporation')", output);
        Assert.Contains("Line 2 already updates C-1001; give each customer one line.", output);
        Assert.Contains("line 6: ", output);
        Assert.Contains("Customer C-1001 already has the name 'Acme Corporation', so C-1002 cannot be renamed to it", output);
        Assert.Contains("Customer C-1001 already has the domain acme.example, so C-1002 cannot take it", output);
        Assert.Contains("line 8: Id 'X-12' is not a customer id such as C-1001", output);
        Assert.Contains("Nothing imported: 5 of 7 rows are invalid", output);
        var after = await CountsAsync();
        Assert.Equal((before.Customers, before.Contacts, before.Audit + 1, before.Timeline), after);
        Assert.Equal("Software", (await CustomerAsync(1001)).Industry);
        await using var db = _store!.CreateContext();
        Assert.Equal(AuditOutcome.Failed, (await db.Audit.SingleAsync(a => a.Action == AuditAction.Import)).Outcome);
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task AnIdTheDatabaseDoesNotHave_CreatesTheCustomer_WithTheNextFreeNumber(string provider)
    {
        await StoreAsync(provider);
        var path = File("id,name,domain", "C-4242,Hooli,hooli.example");

        var (dryExit, dryOutput) = await ImportAsync(path, "--dry-run");
        var (exit, output) = await ImportAsync(path);

        Assert.True(dryExit == 0, dryOutput);
        Assert.Contains("line 2: create 'Hooli' (C-4242 is not in the database; the new customer gets the next free number)", dryOutput);
        Assert.True(exit == 0, output);
        Assert.Equal("Hooli", (await CustomerAsync(1003)).Name);
    }
}

using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.IntegrationTests.Cli;

public sealed class CustomerCsvVerbTests : IAsyncLifetime
{
    private const string Header = "name,domain,region,owner,lifecycle,health,arr,currency,contact_name,contact_email,contact_phone";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"crm-csv-{Guid.NewGuid():N}");
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _store = await TestStore.CreateAsync(TestStore.Postgres);
        await using var db = _store.CreateContext();
        db.Customers.Add(new Customer(1001, "Acme Corporation", "acme.example", "EMEA", "ava@example.com"));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string File(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllLines(path, lines);
        return path;
    }

    private Task<(int Exit, string Output)> Run(params string[] args) => CliHarness.RunAsync(_store.HostSettings, args);

    [Fact]
    public async Task Import_GoodFile_AppliesEveryRow_WithContacts_AndAudits()
    {
        var path = File("good.csv", Header,
            "Globex Ltd,globex.example,EMEA,max@example.com,prospect,70,30000.50,eur,Hank Scorpio,hank@globex.example,+1 555 0199",
            "\"Initech, Inc.\",initech.example,AMER,,customer,,120000,USD,,,",
            "Hooli,,APAC,,,,,,,,");

        var (exit, output) = await Run("import", "customers", path);

        Assert.Equal(0, exit);
        Assert.Contains("Imported 3 customer(s) from 3 row(s).", output);
        await using var db = _store.CreateContext();
        var globex = await db.Customers.Include(c => c.Contacts).SingleAsync(c => c.Name == "Globex Ltd");
        Assert.Equal((1002L, LifecycleStage.Prospect, 70, 30000.50m, "EUR"), (globex.Number, globex.Lifecycle, globex.HealthScore!.Value, globex.Arr, globex.Currency));
        Assert.Equal("hank@globex.example", Assert.Single(globex.Contacts).Email);
        Assert.True(await db.Customers.AnyAsync(c => c.Name == "Initech, Inc." && c.Arr == 120000m));
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.Import);
        Assert.Equal((Platform.Cli, AuditOutcome.Allowed, "import customers good.csv"), (audit.Platform, audit.Outcome, audit.Command));
        Assert.StartsWith("cli:", audit.Actor);
    }

    [Fact]
    public async Task Import_FileWithBadRows_AppliesNothing_AndListsEachBadLine()
    {
        var path = File("bad.csv", Header,
            "Globex Ltd,globex.example,EMEA,,,,,,,,",
            "Bad Mail Co,badmail.example,EMEA,,,,,,Jane Doe,jane@@badmail,",
            "Minus Corp,minus.example,EMEA,,,,-5,,,,",
            "Globex Ltd,globex2.example,EMEA,,,,,,,,",
            "Acme Corporation,acme-two.example,EMEA,,,,,,,,",
            ",noname.example,EMEA,,,,,,,,",
            "Phone Co,phone.example,EMEA,,,,,,Pat,,call me maybe",
            "Amount Co,amount.example,EMEA,,,,12k,,,,");

        var (exit, output) = await Run("import", "customers", path);

        Assert.Equal(1, exit);
        Assert.Contains("line 3: Contact e-mail 'jane@@badmail' is not a valid address", output);
        Assert.Contains("line 4: ARR must be zero or more", output);
        Assert.Contains("line 5: Duplicate of line 2 (same name 'Globex Ltd')", output);
        Assert.Contains("line 6: Customer C-1001 already has the name 'Acme Corporation'", output);
        Assert.Contains("line 7: Customer name is required", output);
        Assert.Contains("line 8: Phone 'call me maybe' is not valid", output);
        Assert.Contains("line 9: ARR '12k' is not an amount", output);
        Assert.DoesNotContain("line 2:", output);
        Assert.Contains("Nothing imported: 7 of 8 rows are invalid", output);
        await using var db = _store.CreateContext();
        Assert.Equal(1, await db.Customers.CountAsync());
        Assert.Equal(AuditOutcome.Failed, (await db.Audit.SingleAsync(a => a.Action == AuditAction.Import)).Outcome);
    }

    [Fact]
    public async Task Import_SkipInvalid_AppliesTheGoodRows_AndReportsTheRest()
    {
        var path = File("mixed.csv", Header,
            "Globex Ltd,globex.example,EMEA,,,,,,,,",
            "Acme Corporation,,EMEA,,,,,,,,",
            "Initech,initech.example,AMER,not-an-email,,,,,,,",
            "Hooli,hooli.example,APAC,,,,,,,,");

        var (exit, output) = await Run("import", "customers", path, "--skip-invalid");

        Assert.Equal(0, exit);
        Assert.Contains("line 3: Customer C-1001 already has the name 'Acme Corporation'", output);
        Assert.Contains("line 4: Owner 'not-an-email' is not a valid address", output);
        Assert.Contains("Imported 2 customer(s) from 4 row(s); skipped 2 invalid row(s)", output);
        await using var db = _store.CreateContext();
        Assert.Equal(["Acme Corporation", "Globex Ltd", "Hooli"], await db.Customers.OrderBy(c => c.Number).Select(c => c.Name).ToListAsync());
    }

    [Theory]
    [InlineData("name,domian", "unknown column(s): domian")]
    [InlineData("domain,region", "required column(s) missing: name")]
    [InlineData("", "The file is empty")]
    public async Task Import_UnusableHeader_RejectsTheWholeFile(string header, string reason)
    {
        var path = header.Length == 0 ? File("empty.csv") : File("header.csv", header, "Globex Ltd,globex.example");
        var (exit, output) = await Run("import", "customers", path);
        Assert.Equal(1, exit);
        Assert.Contains(reason, output);
        await using var db = _store.CreateContext();
        Assert.Equal(1, await db.Customers.CountAsync());
    }

    [Fact]
    public async Task Export_ThenImport_RoundTrips_AndDefusesFormulas()
    {
        await using (var db = _store.CreateContext())
        {
            var formula = new Customer(1002, "=HYPERLINK(\"http://evil.example\")", "formula.example", "EMEA", null);
            formula.Contacts.Add(new Contact(1001, 0, "Jane Roe", "jane.roe@formula.example", "+1 555 0100"));
            db.Customers.Add(formula);
            await db.SaveChangesAsync();
        }
        var path = Path.Combine(_folder, "export.csv");

        var (exit, output) = await Run("export", "customers", path);

        Assert.Equal(0, exit);
        Assert.Contains("Exported 2 customer(s)", output);
        var lines = await System.IO.File.ReadAllLinesAsync(path);
        Assert.StartsWith("id,name,domain", lines[0]);
        Assert.Contains("\"'=HYPERLINK(", lines[2]);
        Assert.Contains("'+1 555 0100", lines[2]);

        await using var other = await TestStore.CreateAsync(TestStore.Sqlite);
        var (importExit, importOutput) = await CliHarness.RunAsync(other.HostSettings, "import", "customers", path);
        Assert.True(importExit == 0, importOutput);
        await using var imported = other.CreateContext();
        var customer = await imported.Customers.Include(c => c.Contacts).SingleAsync(c => c.Domain == "formula.example");
        Assert.Equal("=HYPERLINK(\"http://evil.example\")", customer.Name);
        Assert.Equal("+1 555 0100", customer.Contacts.Single().Phone);

        await using var db2 = _store.CreateContext();
        Assert.Equal("2 customers exported", (await db2.Audit.SingleAsync(a => a.Action == AuditAction.Export)).Detail);
    }

    [Fact]
    public async Task Export_RefusesToOverwrite_WithoutForce()
    {
        var path = File("exists.csv", "keep me");
        var (exit, output) = await Run("export", "customers", path);
        Assert.Equal(2, exit);
        Assert.Contains("add --force", output);
        Assert.Equal("keep me", (await System.IO.File.ReadAllTextAsync(path)).Trim());
    }
}

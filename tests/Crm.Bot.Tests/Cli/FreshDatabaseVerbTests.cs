using Crm.Domain.Storage;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Cli;

/// <summary>
/// Every verb meets a fresh or unmigrated database the same way: the embedded default is migrated as
/// the host would; PostgreSQL is left alone with a sentence saying to run `migrate`. Never a stack trace.
/// </summary>
public sealed class FreshDatabaseVerbTests
{
    private static readonly string[] NeverShown = ["no such table", "Exception", "   at ", "Something went wrong", "Unknown verb"];

    // Verbs that read or write the database; {dir} is a scratch folder of the test.
    public static TheoryData<string> DatabaseVerbs => new()
    {
        "outbox list",
        "outbox retry 12",
        "ask --as ava@example.com show acme",
        "export customers {dir}/exp.csv",
        "import customers {dir}/in.csv",
        "audit export --since 2026-01-01 {dir}/audit.csv",
    };

    private static async Task<string> ScratchAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"crm-cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "in.csv"), "name,domain\nFresh Co,fresh.example\n");
        return dir;
    }

    private static void AssertClean(string output)
    {
        foreach (var bad in NeverShown) Assert.DoesNotContain(bad, output);
    }

    [Theory]
    [MemberData(nameof(DatabaseVerbs))]
    public async Task OnAFreshEmbeddedHome_EveryVerbMigratesFirst_AndAnswers(string line)
    {
        var dir = await ScratchAsync();
        var path = Path.Combine(dir, "home", "crm.db");
        var (exit, output) = await CliHarness.RunAsync(new Dictionary<string, string?> { ["Storage:SqlitePath"] = path, ["Storage:DemoCustomers"] = "3" },
            line.Replace("{dir}", dir).Split(' '));

        AssertClean(output);
        Assert.True(exit is 0 or 1, output);
        await using var db = new SqliteCrmDbContext(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite($"Data Source={path}").Options);
        Assert.Equal(DatabaseStatus.Ready, (await DatabaseState.CheckAsync(db, default)).Status);
        Assert.True(new FileInfo(path).Length > 0);
    }

    [Fact]
    public async Task OnAFreshEmbeddedHome_AskSeedsTheDemoSetOnce_AndAnswersWithAcme()
    {
        var dir = await ScratchAsync();
        var path = Path.Combine(dir, "home", "crm.db");
        var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = path, ["Storage:DemoCustomers"] = "3" };

        var (exit, output) = await CliHarness.RunAsync(settings, "ask", "--as", "ava@example.com", "show acme");

        AssertClean(output);
        Assert.True(exit == 0, output);
        Assert.Contains("Acme Corporation", output);
        Assert.Contains("C-1001", output);
        Assert.DoesNotContain("no CRM role", output);
        // The host's first-start sentence, said once.
        var said = Assert.Single(output.Split('\n'), l => l.StartsWith("Demo data: ", StringComparison.Ordinal));
        Assert.Contains("seeded the demo set: 4 customers", said);
        Assert.Contains("demo people with their roles (root@example.com is crm-admin)", said);
        int customers, rules;
        await using (var db = Open(path))
            (customers, rules) = (await db.Customers.CountAsync(), await db.RoleMappings.CountAsync());

        var (again, answer) = await CliHarness.RunAsync(settings, "ask", "--as", "ava@example.com", "show acme");
        AssertClean(answer);
        Assert.True(again == 0, answer);
        Assert.Contains("Acme Corporation", answer);
        Assert.DoesNotContain("Demo data", answer);
        await using (var db = Open(path))
        {
            Assert.Equal(customers, await db.Customers.CountAsync());
            Assert.Equal(rules, await db.RoleMappings.CountAsync());
        }
    }

    [Fact]
    public async Task ImportOnAFreshEmbeddedHome_GetsNoDemoCustomers_AndTheNextVerbAddsTheDemoPeople()
    {
        var dir = await ScratchAsync();
        var path = Path.Combine(dir, "home", "crm.db");
        var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = path, ["Storage:DemoCustomers"] = "3" };

        var (exit, output) = await CliHarness.RunAsync(settings, "import", "customers", Path.Combine(dir, "in.csv"));
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("Demo data", output);
        await using (var db = Open(path))
        {
            Assert.Equal(["Fresh Co"], await db.Customers.Select(c => c.Name).ToListAsync());
            Assert.Equal(0, await db.RoleMappings.CountAsync());
        }

        // As the host's first start after an import: the customers stay, the demo people get their roles.
        var (next, said) = await CliHarness.RunAsync(settings, "outbox", "list");
        Assert.True(next == 0, said);
        Assert.Contains("Demo data: demo customers not seeded: the database already holds 1 customer(s)", said);
        await using (var db = Open(path))
        {
            Assert.Equal(1, await db.Customers.CountAsync());
            Assert.True(await db.RoleMappings.AnyAsync(r => r.Match == "root@example.com"));
        }
    }

    [Fact]
    public async Task Migrate_OnAFreshEmbeddedHome_SeedsNothing()
    {
        var dir = await ScratchAsync();
        var path = Path.Combine(dir, "home", "crm.db");
        var (exit, output) = await CliHarness.RunAsync(new Dictionary<string, string?> { ["Storage:SqlitePath"] = path, ["Storage:DemoCustomers"] = "3" }, "migrate");

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("Demo data", output);
        await using var db = Open(path);
        Assert.Equal(0, await db.Customers.CountAsync());
        Assert.Equal(0, await db.RoleMappings.CountAsync());
    }

    [Fact]
    public async Task OnAFreshEmbeddedHome_WithSlackConfigured_AVerbSeedsNothing_AndSaysWhy()
    {
        var dir = await ScratchAsync();
        var path = Path.Combine(dir, "home", "crm.db");
        var (exit, output) = await CliHarness.RunAsync(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = path,
            ["Slack:SigningSecret"] = "test-signing-secret",
            ["Slack:BotToken"] = "xoxb-test",
        }, "outbox", "list");

        Assert.True(exit == 0, output);
        AssertClean(output);
        Assert.Contains("Demo data: demo set not seeded: Slack is configured", output);
        await using var db = Open(path);
        Assert.Equal(0, await db.Customers.CountAsync());
        Assert.Equal(0, await db.RoleMappings.CountAsync());
    }

    private static SqliteCrmDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite($"Data Source={path}").Options);

    [Theory]
    [MemberData(nameof(DatabaseVerbs))]
    public async Task OnAnUnmigratedPostgres_EveryVerbSaysRunMigrate_AndChangesNothing(string line)
    {
        var dir = await ScratchAsync();
        await using var database = await PostgresDatabase.CreateAsync(migrate: false);
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Crm"] = database.ConnectionString };

        var (exit, output) = await CliHarness.RunAsync(settings, line.Replace("{dir}", dir).Split(' '));

        Assert.Equal(1, exit);
        AssertClean(output);
        Assert.Contains("is not migrated", output);
        Assert.Contains("run `migrate` first", output);
        Assert.False(File.Exists(Path.Combine(dir, "exp.csv")));
        await using (var db = database.CreateContext())
            Assert.Equal(DatabaseStatus.NotMigrated, (await DatabaseState.CheckAsync(db, default)).Status);

        var (migrated, said) = await CliHarness.RunAsync(settings, "migrate");
        Assert.True(migrated == 0, said);
        var (again, answer) = await CliHarness.RunAsync(settings, line.Replace("{dir}", dir).Split(' '));
        AssertClean(answer);
        Assert.True(again is 0 or 1, answer);
        Assert.DoesNotContain("is not migrated", answer);
    }

    [Fact]
    public async Task AnEmbeddedPathThatCannotBeCreated_IsOneClearSentence_AndLeavesNoFile()
    {
        var dir = await ScratchAsync();
        // The folder the database should live in is a file: neither folder nor database can be made.
        var path = Path.Combine(dir, "in.csv", "crm.db");
        var (exit, output) = await CliHarness.RunAsync(new Dictionary<string, string?> { ["Storage:SqlitePath"] = path }, "outbox", "list");

        Assert.Equal(1, exit);
        Assert.StartsWith("outbox failed: ", output);
        Assert.Contains("--verbose", output);
        AssertClean(output);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("outbox list", "cannot be reached")]
    [InlineData("migrate", "migrate failed:")]
    public async Task AnUnreachablePostgres_IsOneClearSentence(string line, string expected)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Crm"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2" };
        var (exit, output) = await CliHarness.RunAsync(settings, line.Split(' '));

        Assert.Equal(1, exit);
        Assert.Contains(expected, output);
        AssertClean(output);
    }
}

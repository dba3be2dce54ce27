using Crm.Testing.Logging;
using System.Net;
using Crm.Bot.Storage;
using Crm.Domain.Access;
using Crm.Domain.Customers;
using Crm.Domain.Identity;
using Crm.Domain.Storage;
using Crm.Jobs.Digests;
using Crm.Jobs.Hosting;
using Crm.Jobs.Maintenance;
using Crm.Jobs.Notifications;
using Crm.Jobs.Outbox;
using Crm.Jobs.Reminders;
using Hangfire;
using Crm.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Bot.Tests.Hosting;

/// <summary>What the first start seeds, what it does not and why; and readiness on a database that is not migrated.</summary>
public sealed class FirstStartTests
{
    private static WebApplicationFactory<Program> HostOn(string sqlitePath, CapturedLogs logs, params (string Key, string Value)[] settings)
    {
        HangfireStatics.ForgetDisposedHostLogger();
        return new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Storage:SqlitePath", sqlitePath);
            builder.UseSetting("Storage:DemoCustomers", "3");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureLogging(l => l.AddProvider(logs));
        });
    }

    private static string Demo(IEnumerable<CapturedLine> logs) =>
        Assert.Single(logs, e => e.Message.StartsWith("Demo data: ", StringComparison.Ordinal)).Message;

    [Fact]
    public async Task ImportBeforeTheFirstStart_KeepsTheCustomers_GivesTheDemoPeopleTheirRoles_AndSaysSo()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            db.Customers.Add(new Customer(5001, "Imported Ltd", "imported.example", null, null));
            await db.SaveChangesAsync();
        }
        var logs = new CapturedLogs();
        await using var factory = HostOn(database.Path, logs);
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        await using var check = database.CreateContext();
        Assert.Equal(["Imported Ltd"], await check.Customers.Select(c => c.Name).ToListAsync());
        var root = await check.RoleMappings.SingleAsync(r => r.Kind == MappingKind.Email && r.Match == "root@example.com");
        Assert.Equal(Role.CrmAdmin, root.Role);
        var said = Demo(logs.Lines);
        Assert.Contains("demo customers not seeded: the database already holds 1 customer(s)", said);
        Assert.Contains("seeded the 7 demo people with their roles (root@example.com is crm-admin) because no role rules existed", said);
        Assert.Equal(said["Demo data: ".Length..], factory.Services.GetRequiredService<DemoSeedReport>().Text);
    }

    [Fact]
    public async Task FirstStart_OnAnEmptyDatabase_SaysWhatItSeeded()
    {
        await using var database = await SqliteDatabase.CreateAsync(migrate: false);
        var logs = new CapturedLogs();
        await using var factory = HostOn(database.Path, logs);
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        Assert.Contains("seeded the demo set: 4 customers", Demo(logs.Lines));
        Assert.Contains("7 demo people with their roles (root@example.com is crm-admin)", Demo(logs.Lines));
    }

    [Fact]
    public async Task WithSlackConfigured_NothingOfTheDemoIsSeeded_AndTheStartSaysWhy()
    {
        await using var database = await SqliteDatabase.CreateAsync(migrate: false);
        var logs = new CapturedLogs();
        await using var factory = HostOn(database.Path, logs, ("Slack:SigningSecret", "test-signing-secret"), ("Slack:BotToken", "xoxb-test"));
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        await using var check = database.CreateContext();
        Assert.Equal(0, await check.RoleMappings.CountAsync());
        Assert.Equal(0, await check.Customers.CountAsync());
        Assert.Equal("demo set not seeded: Slack is configured, so the demo people and their role rules (root@example.com → crm-admin among them) " +
                     "are never added to this database", factory.Services.GetRequiredService<DemoSeedReport>().Text);
        Assert.Contains("Slack is configured", Demo(logs.Lines));
    }

    [Fact]
    public async Task SeedVerb_WithTeamsConfigured_AddsCustomersButNoDemoPeople()
    {
        await using var database = await SqliteDatabase.CreateAsync(migrate: false);
        var (exit, output) = await CliHarness.RunAsync(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = database.Path,
            ["Teams:AppId"] = "00000000-0000-4000-8000-000000000001",
        }, "seed", "--customers", "2");

        Assert.True(exit == 0, output);
        Assert.Contains("demo people and their role rules not added: Teams is configured", output);
        await using var check = database.CreateContext();
        Assert.Equal(3, await check.Customers.CountAsync());
        Assert.Equal(0, await check.RoleMappings.CountAsync());
    }

    [Fact]
    public async Task NotMigrated_ReadinessSaysRunMigrate_AndTheDispatcherSaysItOnce_WithoutStackTraces()
    {
        await using var database = await SqliteDatabase.CreateAsync(migrate: false);
        var logs = new CapturedLogs();
        await using var factory = HostOn(database.Path, logs, ("Storage:MigrateOnStart", "false"), ("Outbox:PollInterval", "00:00:00.100"));
        using var client = factory.CreateClient();

        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Contains("not migrated: run migrate", body);
        Assert.DoesNotContain("cannot be reached", body);

        // Twenty poll intervals: the old dispatcher failed (with a stack trace) on every one of them.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var dispatcher = logs.Lines.Where(e => e.Category == typeof(OutboxDispatcher).FullName && e.Level >= LogLevel.Warning).ToList();
        var said = Assert.Single(dispatcher);
        Assert.Contains("not migrated: run migrate", said.Message);

        // The other Hangfire jobs, each run twice as their schedules would: they skip, said once, never an error.
        for (var run = 0; run < 2; run++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var jobs = scope.ServiceProvider;
            Assert.Equal(0, await jobs.GetRequiredService<ProcessedRequestPruneJob>().RunAsync(default));
            Assert.Equal(0, await jobs.GetRequiredService<OutboxRetentionJob>().RunAsync(default));
            Assert.Equal(0, await jobs.GetRequiredService<HandoffFollowUpJob>().RunAsync(default));
            await jobs.GetRequiredService<TaskReminderJob>().RemindAsync(1, DateTimeOffset.UtcNow, default);
            await jobs.GetRequiredService<DigestJob>().RunScheduledAsync(1, null, default);
        }
        // (The health-check service reports the 503 readiness probe above at Error itself; that is the probe, not a job.)
        Assert.DoesNotContain(logs.Lines, e => e.Level >= LogLevel.Error && e.Category != typeof(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService).Namespace + ".DefaultHealthCheckService");
        var skipped = Assert.Single(logs.Lines, e => e.Category == typeof(JobDatabaseGate).FullName);
        Assert.Contains("not migrated: run migrate", skipped.Message);
        // A reminder runs once, so it is postponed rather than dropped.
        Assert.Equal(2, factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledCount());
        Assert.DoesNotContain(logs.Lines, e => e.Exception is not null && e.Level >= LogLevel.Warning);
        // Looking did not create the embedded file either.
        Assert.False(File.Exists(database.Path));

        var (exit, output) = await CliHarness.RunAsync(new Dictionary<string, string?> { ["Storage:SqlitePath"] = database.Path }, "migrate");
        Assert.True(exit == 0, output);
        var after = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("Healthy", await after.Content.ReadAsStringAsync());
    }
}

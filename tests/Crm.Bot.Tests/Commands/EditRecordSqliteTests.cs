using Crm.Bot.Delivery;
using Crm.Bot.Pipeline;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Demo;
using Crm.Domain.Identity;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Domain.Timeline;
using Crm.Jobs.Outbox;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Bot.Tests.Commands;

/// <summary>
/// The same changes on the embedded store (SQLite, the default without PostgreSQL): the real pipeline on
/// a migrated SQLite file holding the demo records, as <see cref="PipelineHarness"/> runs it on PostgreSQL.
/// </summary>
public sealed class EditRecordSqliteTests : IAsyncLifetime
{
    private SqliteDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(PipelineHarness.Start.UtcDateTime), PipelineHarness.Start);
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(PipelineHarness.Start));
        services.AddDbContext<SqliteCrmDbContext>(o => o.UseSqlite(_database.ConnectionString));
        services.AddScoped<CrmDbContext>(sp => sp.GetRequiredService<SqliteCrmDbContext>());
        services.AddSingleton<IDirectory, DemoSlackDirectory>();
        var configuration = new ConfigurationBuilder().Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCommandPipeline(configuration);
        services.AddOptions<OutboxOptions>();
        services.AddSingleton<OutboxClaims>();
        services.AddSingleton<ClaimHeartbeat>();
        services.AddSingleton<ChannelPacer>();
        services.AddSingleton<OutboxOutcomeRecorder>();
        services.AddAnswerDelivery();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<Reply> AskAsync(string email, string text, string? key = null)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICommandPipeline>().RunAsync(
            new ChatRequest(Platform.Cli, "cli", null, email, text, key ?? Guid.NewGuid().ToString("N"), ReplyVisibility.Private), CancellationToken.None);
    }

    [Fact]
    public async Task OnSqlite_FieldsAreChanged_WithTheirTimelineClasses_AndARepeatedDeliveryAppliesOnce()
    {
        Assert.Equal(ReplyTone.Success, (await AskAsync("ava@example.com", "customer acme set stage=prospect industry=Retail Trade")).Tone);
        Assert.Equal(ReplyTone.Success, (await AskAsync("max@example.com", "customer acme arr 120k", key: "arr-1")).Tone);
        Assert.Equal(ReplyTone.Success, (await AskAsync("sam@example.com", "customer acme health 72")).Tone);
        Assert.Equal(ReplyTone.Success, (await AskAsync("sam@example.com", "contact jane.roe@acme.example title CTO")).Tone);
        Assert.Equal(ReplyTone.Success, (await AskAsync("root@example.com", "customer acme arr 90000")).Tone);
        await AskAsync("max@example.com", "customer acme arr 120k", key: "arr-1");

        await using var db = _database.CreateContext();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        Assert.Equal((LifecycleStage.Prospect, "Retail Trade", 90_000m, 72), (acme.Lifecycle, acme.Industry, acme.Arr, acme.HealthScore));
        Assert.Equal("CTO", (await db.Contacts.SingleAsync(c => c.Number == 1001)).Title);
        var classes = (await db.Timeline.Where(t => t.Kind == TimelineKind.FieldChange || t.Kind == TimelineKind.ContactChange)
            .Select(t => t.FieldClass).ToListAsync()).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<FieldClass, int> { [FieldClass.Basic] = 2, [FieldClass.Commercial] = 2, [FieldClass.Support] = 1, [FieldClass.Contact] = 1 }, classes);
    }

    [Fact]
    public async Task OnSqlite_ADeniedOrInvalidChange_ChangesNothing_AndATakenDomainIsRefused()
    {
        Assert.Equal(ReplyTone.Denied, (await AskAsync("ava@example.com", "customer acme set industry=Retail arr=1")).Tone);
        Assert.Equal(ReplyTone.Error, (await AskAsync("max@example.com", "customer acme set industry=Retail stage=won")).Tone);
        Assert.Equal(ReplyTone.Success, (await AskAsync("ava@example.com", "new customer \"Globex Ltd\" domain globex.example region EMEA")).Tone);
        var taken = await AskAsync("ava@example.com", "customer acme domain globex.example");
        Assert.Contains("already belongs to Globex Ltd (C-1002)", taken.FallbackText);

        await using var db = _database.CreateContext();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        Assert.Equal(("Manufacturing", 48_000m, "acme.example"), (acme.Industry, acme.Arr, acme.Domain));
        Assert.False(await db.Timeline.AnyAsync(t => t.Kind == TimelineKind.FieldChange));
    }
}

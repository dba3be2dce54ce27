using Crm.Jobs;
using Crm.Bot.Delivery;
using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Customers.Search;
using Crm.Domain.Demo;
using Crm.Domain.Identity;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Bot.Tests.Pipeline;

/// <summary>
/// The real pipeline on a fresh PostgreSQL database seeded with the demo records: requests go in as
/// they would from the CLI, Slack or Teams, replies come out.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero); // a Thursday

    private readonly ServiceProvider _services;
    private int _keys;

    private readonly SqliteDatabase? _sqlite;

    private PipelineHarness(PostgresDatabase? database, SqliteDatabase? sqlite, ServiceProvider services, FakeTimeProvider clock)
    {
        _database = database;
        _sqlite = sqlite;
        _services = services;
        Clock = clock;
    }

    private readonly PostgresDatabase? _database;

    public PostgresDatabase Database => _database ?? throw new InvalidOperationException("This harness runs on the embedded store; use Context().");
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _services;

    public static Task<PipelineHarness> CreateAsync(Action<IServiceCollection>? configure = null) => CreateAsync(TestStore.Postgres, configure);

    /// <param name="provider"><see cref="TestStore.Postgres"/> or <see cref="TestStore.Sqlite"/> (the embedded default).</param>
    public static async Task<PipelineHarness> CreateAsync(string provider, Action<IServiceCollection>? configure = null)
    {
        var database = provider == TestStore.Postgres ? await PostgresDatabase.CreateAsync() : null;
        var sqlite = provider == TestStore.Sqlite ? await SqliteDatabase.CreateAsync() : null;
        if (database is null && sqlite is null) throw new ArgumentOutOfRangeException(nameof(provider), provider, "postgres or sqlite");
        var clock = new FakeTimeProvider(Start);
        await using (CrmDbContext db = database is not null ? database.CreateContext() : sqlite!.CreateContext())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(Start.UtcDateTime), Start);

        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(clock);
        if (database is not null)
        {
            services.AddDbContext<PostgresCrmDbContext>(o => o.UseNpgsql(database.ConnectionString));
            services.AddScoped<CrmDbContext>(sp => sp.GetRequiredService<PostgresCrmDbContext>());
        }
        else
        {
            services.AddDbContext<SqliteCrmDbContext>(o => o.UseSqlite(sqlite!.ConnectionString));
            services.AddScoped<CrmDbContext>(sp => sp.GetRequiredService<SqliteCrmDbContext>());
        }
        services.AddSingleton<IDirectory, DemoSlackDirectory>();
        var configuration = new ConfigurationBuilder().Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCommandPipeline(configuration);
        // What the pipeline stores answers with (the host has it from the jobs module): the harness's
        // requests carry no reply address, so nothing reaches the sender, which is never started here.
        services.AddOptions<OutboxOptions>();
        services.AddOutboxSending();
        services.AddAnswerDelivery();
        configure?.Invoke(services);
        return new PipelineHarness(database, sqlite, services.BuildServiceProvider(), clock);
    }

    public string NextKey() => $"test-{Interlocked.Increment(ref _keys)}";

    /// <summary>As a demo user from the CLI (private answer).</summary>
    public Task<Reply> AskAsync(string email, string text, string? key = null) =>
        RunAsync(new ChatRequest(Platform.Cli, "cli", null, email, text, key ?? NextKey(), ReplyVisibility.Private));

    /// <summary>As a demo user from the CLI, answered as posted into a demo channel (e.g. "C0SALES").</summary>
    public Task<Reply> AskInChannelAsync(string email, string channelId, string text, string? key = null)
    {
        var channel = DemoDirectory.Channels.Single(c => c.ExternalId == channelId);
        return RunAsync(new ChatRequest(Platform.Cli, "cli", channelId, email, text, key ?? NextKey(), ReplyVisibility.Channel)
        {
            ChannelPlatform = channel.Platform,
            ChannelWorkspace = channel.Workspace,
        });
    }

    /// <summary>As a Slack user id (U0AVA, …) in a Slack channel of the demo workspace.</summary>
    public Task<Reply> SlackAsync(string userId, string? channelId, string text, string? key = null, ReplyVisibility visibility = ReplyVisibility.Private) =>
        RunAsync(new ChatRequest(Platform.Slack, DemoDirectory.SlackWorkspace, channelId, userId, text, key ?? NextKey(), visibility));

    public async Task<Reply> RunAsync(ChatRequest request)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICommandPipeline>().RunAsync(request, CancellationToken.None);
    }

    public PostgresCrmDbContext Db() => Database.CreateContext();

    /// <summary>A context on whichever store this harness runs on.</summary>
    public CrmDbContext Context() => _database is not null ? _database.CreateContext() : _sqlite!.CreateContext();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_sqlite is not null) await _sqlite.DisposeAsync();
    }
}

using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Crm.Jobs.Digests;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Commands;

/// <summary>The digest verbs with the real Hangfire scheduler: one recurring job per subscription, in step with the database.</summary>
public sealed class DigestSchedulingTests : IAsyncLifetime
{
    private readonly InMemoryStorage _jobs = new();
    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() =>
        _harness = await PipelineHarness.CreateAsync(services => services.AddSingleton<IDigestScheduler>(sp =>
            new HangfireDigestScheduler(new RecurringJobManager(_jobs), new BackgroundJobClient(_jobs), sp.GetRequiredService<TimeProvider>())));

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _jobs.Dispose();
    }

    private List<RecurringJobDto> RecurringJobs()
    {
        using var connection = _jobs.GetConnection();
        return connection.GetRecurringJobs();
    }

    [Fact]
    public async Task DigestAdd_RegistersOneRecurringJob_InTheSubscriptionsZone_AndRemoveDropsIt()
    {
        var added = await _harness.AskInChannelAsync("max@example.com", "C0SALES", "digest add pipeline weekly mon 09:00 Europe/Berlin");
        Assert.Equal(ReplyTone.Success, added.Tone);
        long id;
        await using (var db = _harness.Db())
            id = (await db.Digests.SingleAsync()).Id;

        var job = Assert.Single(RecurringJobs());
        Assert.Equal(HangfireDigestScheduler.RecurringId(id), job.Id);
        Assert.Equal("0 9 * * 1", job.Cron);
        Assert.Equal("Europe/Berlin", job.TimeZoneId);

        var removed = await _harness.AskAsync("max@example.com", $"digest remove {id}");
        Assert.Equal(ReplyTone.Success, removed.Tone);
        Assert.Empty(RecurringJobs());
    }

    [Fact]
    public async Task DigestRun_QueuesOneRunNow()
    {
        await _harness.AskInChannelAsync("max@example.com", "C0SALES", "digest add pipeline daily 08:00");
        long id;
        await using (var db = _harness.Db())
            id = (await db.Digests.SingleAsync()).Id;

        var run = await _harness.AskInChannelAsync("max@example.com", "C0SALES", $"digest run {id}");

        Assert.Equal(ReplyTone.Success, run.Tone);
        Assert.Equal(1, _jobs.GetMonitoringApi().EnqueuedCount("digests"));
    }
}

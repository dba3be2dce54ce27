using Crm.Domain.Common;
using Crm.Domain.Idempotency;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Crm.Jobs.Maintenance;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Jobs.Tests.Maintenance;

public sealed class ProcessedRequestPruneJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static async Task<List<string>> PruneAndListAsync(Func<CrmDbContext> context)
    {
        await using (var db = context())
        {
            db.ProcessedRequests.AddRange(
                new ProcessedRequest { Key = "slack:trigger:old", At = Now.AddDays(-8) },
                new ProcessedRequest { Key = "teams:activity:just-old", At = Now.AddDays(-7).AddMinutes(-1) },
                new ProcessedRequest { Key = "slack:event:recent", At = Now.AddDays(-6) },
                new ProcessedRequest { Key = "cli:cli:now", At = Now, ResultJson = "{}" });
            db.ChannelPauses.AddRange(
                new ChannelPause { Platform = Platform.Slack, Workspace = "T1", Recipient = "C-ended", PausedUntil = Now.AddHours(-2) },
                new ChannelPause { Platform = Platform.Slack, Workspace = "T1", Recipient = "C-just-ended", PausedUntil = Now.AddMinutes(-5) },
                new ChannelPause { Platform = Platform.Teams, Workspace = "tenant", Recipient = "19:running", PausedUntil = Now.AddSeconds(30) });
            await db.SaveChangesAsync();
        }
        await using (var db = context())
        {
            var job = new ProcessedRequestPruneJob(db, Options.Create(new JobsOptions()), new FakeTimeProvider(Now), NullLogger<ProcessedRequestPruneJob>.Instance);
            Assert.Equal(2, await job.RunAsync(CancellationToken.None));
        }
        await using var check = context();
        // Pauses that ended an hour ago are forgotten; a running or just-ended one stays.
        Assert.Equal(["19:running", "C-just-ended"], await check.ChannelPauses.OrderBy(p => p.Recipient).Select(p => p.Recipient).ToListAsync());
        return await check.ProcessedRequests.OrderBy(p => p.Key).Select(p => p.Key).ToListAsync();
    }

    [Fact]
    public async Task OnPostgres_ForgetsDeliveriesOlderThanAWeek_AndKeepsTheRest()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        Assert.Equal(["cli:cli:now", "slack:event:recent"], await PruneAndListAsync(database.CreateContext));
    }

    [Fact]
    public async Task OnSqlite_ForgetsDeliveriesOlderThanAWeek_AndKeepsTheRest()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        Assert.Equal(["cli:cli:now", "slack:event:recent"], await PruneAndListAsync(database.CreateContext));
    }

    [Fact]
    public async Task OnPostgres_ForgetsMarksOfSharedWritesAsOldAsTheForgottenDeliveries()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var db = database.CreateContext())
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO shared_write_marks (token, at) VALUES ({Guid.NewGuid()}, {Now.AddDays(-8)}), ({Guid.NewGuid()}, {Now.AddDays(-1)})");

        await PruneAndListAsync(database.CreateContext);

        await using var check = database.CreateContext();
        Assert.Equal([Now.AddDays(-1)], await check.Database.SqlQuery<DateTimeOffset>($"SELECT at AS \"Value\" FROM shared_write_marks").ToListAsync());
    }
}

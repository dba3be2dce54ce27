using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Jobs.Maintenance;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Jobs.Tests.Maintenance;

/// <summary>Rendered messages (personal data, reply addresses) do not stay in the outbox forever.</summary>
public sealed class OutboxRetentionJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static OutboxMessage Row(string key, OutboxStatus status, int daysOld) => new()
    {
        IdempotencyKey = key, Platform = Platform.Slack, Workspace = "T0DEMO", TargetKind = OutboxTargetKind.ReplyUrl,
        Recipient = "U0AVA https://hooks.slack.com/commands/T0DEMO/1/secret", ReplyJson = Reply.Text("Jane Roe, +1 555 0100").ToJson(),
        Purpose = "answer", Status = status, CreatedAt = Now.AddDays(-daysOld), NextAttemptAt = Now.AddDays(-daysOld),
    };

    private static async Task<List<string>> PruneAndListAsync(Func<CrmDbContext> context, JobsOptions options, int expectDeleted)
    {
        await using (var db = context())
        {
            db.Outbox.AddRange(
                Row("sent-31-days", OutboxStatus.Sent, 31), Row("failed-40-days", OutboxStatus.Failed, 40),
                Row("sent-10-days", OutboxStatus.Sent, 10), Row("pending-60-days", OutboxStatus.Pending, 60));
            await db.SaveChangesAsync();
        }
        await using (var db = context())
        {
            var job = new OutboxRetentionJob(db, Options.Create(options), new FakeTimeProvider(Now), NullLogger<OutboxRetentionJob>.Instance);
            Assert.Equal(expectDeleted, await job.RunAsync(CancellationToken.None));
        }
        await using var check = context();
        return await check.Outbox.OrderBy(o => o.IdempotencyKey).Select(o => o.IdempotencyKey).ToListAsync();
    }

    [Fact]
    public async Task OnPostgres_DeletesMessagesSentOrFailedMoreThan30DaysAgo_ButNeverOnesStillToBeSent()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        Assert.Equal(["pending-60-days", "sent-10-days"], await PruneAndListAsync(database.CreateContext, new JobsOptions(), 2));
    }

    [Fact]
    public async Task OnSqlite_TheRetentionIsConfigurable()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        Assert.Equal(["pending-60-days"], await PruneAndListAsync(database.CreateContext, new JobsOptions { OutboxRetention = TimeSpan.FromDays(7) }, 3));
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task ExpiredReplyFiles_AreDeleted_LiveOnesKept(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using (var db = store.CreateContext())
        {
            foreach (var (name, expires) in new[] { ("expired.png", Now.AddSeconds(-1)), ("live.csv", Now.AddDays(1)) })
                db.Files.Add(new Crm.Domain.Files.StoredFile
                {
                    Id = Guid.NewGuid(), Name = name, MediaType = "image/png", Content = [1], Audience = "#sales", CreatedAt = Now.AddDays(-7), ExpiresAt = expires,
                });
            await db.SaveChangesAsync();
        }
        await using (var db = store.CreateContext())
            await new OutboxRetentionJob(db, Options.Create(new JobsOptions()), new FakeTimeProvider(Now), NullLogger<OutboxRetentionJob>.Instance).RunAsync(CancellationToken.None);
        await using var check = store.CreateContext();
        Assert.Equal(["live.csv"], await check.Files.Select(f => f.Name).ToListAsync());
    }
}

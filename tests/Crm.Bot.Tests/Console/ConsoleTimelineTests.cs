using Crm.Bot.TryIt;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Testing;

namespace Crm.Bot.Tests.Console;

public sealed class ConsoleTimelineTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private PostgresDatabase _db = null!;

    public async Task InitializeAsync() => _db = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static OutboxMessage Row(string key, string recipient, string text, OutboxStatus status, int minute,
        OutboxTargetKind kind = OutboxTargetKind.Channel, long? replaces = null) => new()
    {
        IdempotencyKey = key,
        Platform = Platform.Teams,
        Workspace = "tenant",
        TargetKind = kind,
        Recipient = recipient,
        ReplyJson = Reply.Text(text).ToJson(),
        Purpose = "handoff",
        ReplacesMessageId = replaces,
        Status = status,
        CreatedAt = T0.AddMinutes(minute),
        NextAttemptAt = T0.AddMinutes(minute),
        SentAt = status == OutboxStatus.Sent ? T0.AddMinutes(minute) : null,
    };

    private async Task<Timeline> ReadAsync(OutboxTargetKind kind, string recipient)
    {
        await using var db = _db.CreateContext();
        return await new ConsoleTimeline(db).ReadAsync(Platform.Teams, "tenant", kind, recipient, default);
    }

    [Fact]
    public async Task Timeline_ShowsSentMessages_OldestFirst_AndCountsThoseStillWaiting()
    {
        await using (var db = _db.CreateContext())
        {
            db.Outbox.AddRange(Row("a", "support", "first", OutboxStatus.Sent, 1), Row("b", "support", "second", OutboxStatus.Sent, 2),
                Row("c", "support", "queued", OutboxStatus.Pending, 3), Row("d", "finance", "elsewhere", OutboxStatus.Sent, 4),
                Row("e", "support", "failed", OutboxStatus.Failed, 5));
            await db.SaveChangesAsync();
        }

        var timeline = await ReadAsync(OutboxTargetKind.Channel, "support");

        Assert.Equal(["first", "second"], timeline.Items.Select(i => i.Reply.FallbackText));
        Assert.Equal(1, timeline.Waiting);
        Assert.All(timeline.Items, i => Assert.Null(i.EditedAt));
    }

    [Fact]
    public async Task AReplacingMessage_TakesTheOriginalsPlace_AsAnUpdatedCard()
    {
        await using (var db = _db.CreateContext())
        {
            var card = Row("card", "support", "Handoff offered", OutboxStatus.Sent, 1);
            db.Outbox.Add(card);
            db.Outbox.Add(Row("note", "support", "a note", OutboxStatus.Sent, 2));
            await db.SaveChangesAsync();
            var accepted = Row("accepted", "support", "Handoff accepted by sam", OutboxStatus.Sent, 3, replaces: card.Id);
            db.Outbox.Add(accepted);
            await db.SaveChangesAsync();
            db.Outbox.Add(Row("again", "support", "Handoff accepted, owner sam", OutboxStatus.Sent, 4, replaces: accepted.Id));
            await db.SaveChangesAsync();
        }

        var timeline = await ReadAsync(OutboxTargetKind.Channel, "support");

        Assert.Equal(["Handoff accepted, owner sam", "a note"], timeline.Items.Select(i => i.Reply.FallbackText));
        Assert.Equal(T0.AddMinutes(1), timeline.Items[0].At);
        Assert.Equal(T0.AddMinutes(4), timeline.Items[0].EditedAt);
    }

    [Fact]
    public async Task PrivateTimeline_HoldsOnlyThatPersonsMessages()
    {
        await using (var db = _db.CreateContext())
        {
            db.Outbox.AddRange(Row("u1", "user-a", "for a", OutboxStatus.Sent, 1, OutboxTargetKind.User),
                Row("u2", "user-b", "for b", OutboxStatus.Sent, 2, OutboxTargetKind.User),
                Row("c1", "user-a", "channel named like a user", OutboxStatus.Sent, 3));
            await db.SaveChangesAsync();
        }

        var timeline = await ReadAsync(OutboxTargetKind.User, "user-a");

        Assert.Equal(["for a"], timeline.Items.Select(i => i.Reply.FallbackText));
    }
}

using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;

namespace Crm.Jobs.Tests.Outbox;

internal static class OutboxTestData
{
    public static OutboxMessage Message(string key, string channel, DateTimeOffset now, string text = "hello") => new()
    {
        IdempotencyKey = key, Platform = Platform.Slack, Workspace = "T0DEMO", TargetKind = OutboxTargetKind.Channel,
        Recipient = channel, ReplyJson = Reply.Text(text).ToJson(), Purpose = "test", Status = OutboxStatus.Pending,
        CreatedAt = now, NextAttemptAt = now,
    };

    public static async Task StoreAsync(CrmDbContext db, params OutboxMessage[] messages)
    {
        db.Outbox.AddRange(messages);
        await db.SaveChangesAsync();
    }
}

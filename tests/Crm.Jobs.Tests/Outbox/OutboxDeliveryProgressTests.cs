using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Jobs.Outbox;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Crm.Jobs.Tests.Outbox.OutboxTestData;

namespace Crm.Jobs.Tests.Outbox;

/// <summary>A split message that stopped part-way keeps its progress, so the retry goes on from the next part.</summary>
public sealed class OutboxDeliveryProgressTests
{
    /// <summary>Answers one scripted result per call and records what it was handed.</summary>
    private sealed class ScriptedTransport(params DeliveryResult[] results) : IMessageTransport
    {
        private readonly Queue<DeliveryResult> _results = new(results);
        public List<(int PartsSent, string? FirstId)> Seen { get; } = [];
        public Platform Platform => Platform.Slack;

        public Task<DeliveryResult> SendAsync(OutboxMessage message, Reply reply, OutboxMessage? replaces, CancellationToken cancellationToken)
        {
            Seen.Add((message.PartsSent, message.ExternalMessageId));
            return Task.FromResult(_results.Dequeue());
        }
    }

    [Fact]
    public async Task PartlySent_IsStored_AndHandedToTheNextAttempt()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var db = database.CreateContext())
            await StoreAsync(db, Message("split", "C1", now));
        var transport = new ScriptedTransport(
            DeliveryResult.PartlySent(2, "C1/1700000000.000100", "Slack chat.postMessage: http_503"),
            DeliveryResult.Sent("C1/1700000000.000100"));

        var options = new OutboxOptions { BaseBackoff = TimeSpan.Zero };
        await using var host = new OutboxHost(database.CreateContext, options);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var db = database.CreateContext();
            await db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedBy, "test").SetProperty(o => o.LockedUntil, now.AddMinutes(1)));
            var row = await db.Outbox.AsNoTracking().SingleAsync();
            var delivery = new OutboxDelivery(db, [transport], host.Pacer, host.Recorder, Options.Create(options), TimeProvider.System,
                NullLogger<OutboxDelivery>.Instance);
            await delivery.DeliverAsync(row, "test", CancellationToken.None);
        }

        Assert.Equal([(0, (string?)null), (2, "C1/1700000000.000100")], transport.Seen);
        await using var check = database.CreateContext();
        var done = await check.Outbox.SingleAsync();
        Assert.Equal((OutboxStatus.Sent, 2, "C1/1700000000.000100"), (done.Status, done.PartsSent, done.ExternalMessageId));
    }
}

using System.Threading.Channels;
using Crm.Bot.Delivery;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Answers to Teams activities are stored in the outbox first (nothing is lost if the host stops),
/// claimed by this host for a short while, and handed to <see cref="TeamsOutboundWorker"/> to send
/// right after the HTTP answer. If sending fails the claim is released and the outbox dispatcher
/// retries the row like any other.
/// </summary>
internal sealed class TeamsOutboundQueue(TimeProvider time)
{
    private readonly Channel<OutboxMessage> _queue = Channel.CreateUnbounded<OutboxMessage>(new UnboundedChannelOptions { SingleReader = false });

    public ChannelReader<OutboxMessage> Reader => _queue.Reader;

    /// <summary>Adds the message (claimed by this host) to the context; call SaveChanges, then <see cref="Enqueue"/>.</summary>
    public OutboxMessage Add(CrmDbContext db, OutboxMessage message)
    {
        message.Platform = Crm.Domain.Common.Platform.Teams;
        return ClaimedOutbox.Add(db, message, time.GetUtcNow());
    }

    /// <summary>
    /// Hands a stored row to the sender as a copy, so the sender needs no read to know what to send
    /// and the request's context never sees the sender's changes.
    /// </summary>
    public void Enqueue(OutboxMessage stored) => _queue.Writer.TryWrite(stored.Copy());
}

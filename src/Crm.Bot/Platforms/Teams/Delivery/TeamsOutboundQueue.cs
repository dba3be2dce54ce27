using System.Threading.Channels;
using Crm.Bot.Delivery;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Answers to Teams activities are stored in the outbox first (nothing is lost if the host stops),
/// claimed by this host for a short while, and handed to <see cref="TeamsOutboundWorker"/> to send
/// right after the HTTP answer. If sending fails the claim is released and the outbox dispatcher
/// retries the row like any other.
/// </summary>
internal sealed class TeamsOutboundQueue(OutboxClaims claims, ClaimHeartbeat heartbeat, TimeProvider time)
{
    private readonly Channel<TeamsOutbound> _queue = Channel.CreateUnbounded<TeamsOutbound>(new UnboundedChannelOptions { SingleReader = false });

    public ChannelReader<TeamsOutbound> Reader => _queue.Reader;

    /// <summary>Adds the message (claimed by this host) to the context; call SaveChanges, then <see cref="Enqueue"/>.</summary>
    public OutboxMessage Add(CrmDbContext db, OutboxMessage message)
    {
        message.Platform = Crm.Domain.Common.Platform.Teams;
        return ClaimedOutbox.Add(db, message, time.GetUtcNow(), claims);
    }

    /// <summary>
    /// Hands a stored row to the sender as a copy, so the sender needs no read to know what to send
    /// and the request's context never sees the sender's changes. The row's claim is renewed from here
    /// until its outcome is recorded, however long it waits in the queue.
    /// </summary>
    public void Enqueue(OutboxMessage stored) => _queue.Writer.TryWrite(new TeamsOutbound(stored.Copy(), null, null, heartbeat.Hold(stored)));

    /// <summary>
    /// As <see cref="Enqueue(OutboxMessage)"/>, with the answer it holds and, for an answer into the
    /// conversation the activity came from, where that is: the sender then needs neither to parse the
    /// answer again nor to look the conversation up.
    /// </summary>
    public void Enqueue(OutboxMessage stored, Reply reply, TeamsTarget? target) =>
        _queue.Writer.TryWrite(new TeamsOutbound(stored.Copy(), reply, target, heartbeat.Hold(stored)));
}

/// <summary>
/// One stored answer to send: a copy of its outbox row, and what the handler already knew about it
/// (the answer itself; the conversation, when it is the one the activity came from), and the hold on
/// its claim (released once the outcome is recorded).
/// </summary>
internal sealed record TeamsOutbound(OutboxMessage Message, Reply? Reply, TeamsTarget? Target, IDisposable? Hold = null);

using System.Threading.Channels;
using Crm.Domain.Common;
using Crm.Domain.Outbox;

namespace Crm.Bot.TryIt;

/// <summary>A message delivered into a console timeline.</summary>
public sealed record ConsoleDelivery(Platform Platform, string Workspace, OutboxTargetKind TargetKind, string Recipient, long OutboxId);

/// <summary>
/// Tells open console pages (server-sent events) that a timeline changed, so a handoff offered in
/// one tab shows up in the other without reloading. Pages re-read the timeline from the database.
/// </summary>
public sealed class ConsoleFeed
{
    private readonly Lock _gate = new();
    private readonly List<Channel<ConsoleDelivery>> _listeners = [];

    public void Publish(ConsoleDelivery delivery)
    {
        lock (_gate)
            foreach (var listener in _listeners)
                listener.Writer.TryWrite(delivery);
    }

    public async IAsyncEnumerable<ConsoleDelivery> ListenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A slow page drops old notices rather than holding memory: it re-reads the timeline anyway.
        var channel = Channel.CreateBounded<ConsoleDelivery>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate) _listeners.Add(channel);
        try
        {
            await foreach (var delivery in channel.Reader.ReadAllAsync(cancellationToken))
                yield return delivery;
        }
        finally
        {
            lock (_gate) _listeners.Remove(channel);
        }
    }
}

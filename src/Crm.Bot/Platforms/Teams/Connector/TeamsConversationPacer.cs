using System.Collections.Concurrent;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Keeps sends per conversation within the Teams limits (7 per second, 8 per 2 s, 60 per 30 s,
/// 1800 per hour) by waiting for a free slot, so the connector rarely has to answer 429.
/// Pacing is per host; the connector's 429s cover several hosts sending into one conversation.
/// </summary>
internal sealed class TeamsConversationPacer(TimeProvider time)
{
    private static readonly (int Count, TimeSpan Window)[] Limits =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.Ordinal);

    public async Task WaitTurnAsync(string conversationId, CancellationToken cancellationToken)
    {
        var sent = _sent.GetOrAdd(Key(conversationId), _ => new Queue<DateTimeOffset>());
        while (true)
        {
            TimeSpan wait;
            lock (sent)
            {
                var now = time.GetUtcNow();
                while (sent.Count > 0 && now - sent.Peek() >= Limits[^1].Window)
                    sent.Dequeue();
                wait = WaitFor(sent, now);
                if (wait <= TimeSpan.Zero)
                {
                    sent.Enqueue(now);
                    return;
                }
            }
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private static TimeSpan WaitFor(Queue<DateTimeOffset> sent, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        var times = sent.ToArray();
        foreach (var (count, window) in Limits)
        {
            if (times.Length < count) continue;
            // The send that would fall out of the window first decides when there is room.
            var oldestInWindow = times[times.Length - count];
            var free = oldestInWindow + window - now;
            if (free > wait) wait = free;
        }
        return wait;
    }

    /// <summary>Threads of a channel share the channel's limits.</summary>
    private static string Key(string conversationId)
    {
        var cut = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return cut < 0 ? conversationId : conversationId[..cut];
    }
}

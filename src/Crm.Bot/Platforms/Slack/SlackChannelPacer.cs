using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Spaces the bot's posts into one channel about one second apart (Slack's chat.postMessage limit),
/// so bursts queue here instead of earning 429s.
/// </summary>
public sealed class SlackChannelPacer(IOptions<SlackOptions> options, TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _next = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task WaitTurnAsync(string channel, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.ChannelPostIntervalMs);
        if (interval <= TimeSpan.Zero) return Task.CompletedTask;
        DateTimeOffset slot;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            slot = _next.TryGetValue(channel, out var next) && next > now ? next : now;
            _next[channel] = slot + interval;
            if (_next.Count > 10_000) Prune(now);
        }
        var wait = slot - now;
        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, time, cancellationToken);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _next.Where(p => p.Value < now).Select(p => p.Key).ToList())
            _next.Remove(key);
    }
}

using System.Collections.Concurrent;

namespace Crm.Bot.Pipeline;

/// <summary>
/// Values kept for a fixed time on this host. The pipeline's caches (identities, channels) use it so
/// a busy channel does not pay a directory call or a database read on every command; a change made
/// here clears the cache at once, other hosts follow within the time to live.
/// </summary>
public sealed class ExpiringCache<TKey, TValue>(TimeProvider clock, Func<TimeSpan> timeToLive) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Until)> _entries = new();

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Until > clock.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        var ttl = timeToLive();
        if (ttl <= TimeSpan.Zero) return;
        _entries[key] = (value, clock.GetUtcNow() + ttl);
    }

    public void Clear() => _entries.Clear();
}

using System.Collections.Concurrent;
using Crm.Domain.Digests;
using Crm.Domain.Reports;

namespace Crm.Jobs.Digests;

/// <summary>
/// Digests due at the same minute with the same "since" (every subscription on one schedule) read the
/// same figures (and the same filter); they are computed once and shared for the rest of that minute. Rendering stays per
/// subscription, at each channel's own clearance.
/// </summary>
public sealed class DigestReportCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<(DigestKind Kind, DateTimeOffset Since, ReportFilter Filter, long Minute), Lazy<Task<ReportResult>>> _entries = new();

    public async Task<ReportResult> GetAsync(DigestKind kind, DateTimeOffset? since, ReportFilter filter, Func<Task<ReportResult>> compute)
    {
        var now = time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var key = (kind, (since ?? now - ReportQueries.DefaultWindow).ToUniversalTime(), filter, minute);
        if (since is null) key = (kind, DateTimeOffset.MinValue, filter, minute);
        foreach (var stale in _entries.Keys.Where(k => k.Minute < minute - 1))
            _entries.TryRemove(stale, out _);

        var entry = _entries.GetOrAdd(key, _ => new Lazy<Task<ReportResult>>(compute, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return await entry.Value;
        }
        catch
        {
            // A failed computation is not shared: the retry computes afresh.
            _entries.TryRemove(new KeyValuePair<(DigestKind, DateTimeOffset, ReportFilter, long), Lazy<Task<ReportResult>>>(key, entry));
            throw;
        }
    }
}

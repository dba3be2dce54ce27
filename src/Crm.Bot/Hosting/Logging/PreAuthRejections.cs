using System.Collections.Concurrent;

namespace Crm.Bot.Hosting.Logging;

/// <summary>
/// Requests refused before they were authenticated (a bad Slack signature, a bad Teams token) are
/// counted, not logged one by one: anyone on the internet can send them, so a line each would let
/// them flood the log and bury what matters. Once a minute (and when the host stops) one line per
/// edge says how many were refused and for which reasons. Reasons are made log-safe first.
/// </summary>
public sealed class PreAuthRejections : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxReasons = 20;

    private readonly ILogger<PreAuthRejections> _log;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private ConcurrentDictionary<(string Edge, string Reason), int> _counts = new();

    public PreAuthRejections(ILogger<PreAuthRejections> log, TimeProvider time)
    {
        _log = log;
        _timer = time.CreateTimer(_ => Flush(), null, Window, Window);
    }

    /// <summary>The instance of the request's host (endpoints that cannot take it as a parameter).</summary>
    public static PreAuthRejections Of(HttpContext http) => http.RequestServices.GetRequiredService<PreAuthRejections>();

    /// <param name="edge">"Slack", "Teams", …</param>
    /// <param name="reason">Why it was refused; attacker-controlled parts are escaped and cut here.</param>
    public void Record(string edge, string? reason)
    {
        var key = (edge, LogText.Safe(reason));
        // Under the lock, so no count lands in a table a flush has already written out.
        lock (_gate)
        {
            // A flood of distinct reasons must not grow the table without bound.
            if (_counts.Count >= MaxReasons && !_counts.ContainsKey(key)) key = (edge, "other reasons");
            _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
        }
    }

    /// <summary>Writes one line per edge for what was counted since the last flush.</summary>
    public void Flush()
    {
        ConcurrentDictionary<(string Edge, string Reason), int> counted;
        lock (_gate)
        {
            counted = _counts;
            if (counted.IsEmpty) return;
            _counts = new();
        }
        foreach (var edge in counted.GroupBy(c => c.Key.Edge))
        {
            var total = edge.Sum(c => c.Value);
            var reasons = string.Join("; ", edge.OrderByDescending(c => c.Value).Select(c => $"{c.Value} × {c.Key.Reason}"));
            _log.LogWarning("Refused {Count} unauthenticated {Edge} request(s) in the last minute: {Reasons}", total, edge.Key, reasons);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }
}

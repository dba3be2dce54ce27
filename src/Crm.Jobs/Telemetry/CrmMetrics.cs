using System.Diagnostics.Metrics;

namespace Crm.Jobs.Telemetry;

/// <summary>
/// The product's own instruments, on the meter <see cref="MeterName"/> (one per host, from the host's
/// <see cref="IMeterFactory"/>). ASP.NET Core's <c>http.server.request.duration</c> (by <c>http.route</c>)
/// gives each edge's latency; these add what only the product knows. Tags are closed sets (a platform,
/// a verb from the catalog, an outcome), never user input. The README lists every metric.
/// </summary>
public sealed class CrmMetrics
{
    public const string MeterName = "Crm.Bot";

    private readonly Counter<long> _commands;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<double> _retryAfter;
    private readonly Histogram<double> _pacingWait;
    private readonly Counter<long> _cacheLookups;
    private readonly Histogram<double> _digestDuration;
    private OutboxDepth _outbox = new(0, 0, 0);

    public CrmMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _commands = meter.CreateCounter<long>("crm.commands", "{command}",
            "Commands run, by platform, verb and outcome (ok, denied, invalid, failed, duplicate).");
        _deliveries = meter.CreateCounter<long>("crm.outbox.deliveries", "{message}",
            "Outcomes of sends of stored messages, by platform: sent, retry, failed, withheld.");
        _rateLimited = meter.CreateCounter<long>("crm.platform.rate_limited", "{response}",
            "429 answers (and other answers with Retry-After) from Slack or Teams, by platform.");
        _retryAfter = meter.CreateHistogram<double>("crm.platform.retry_after", "s",
            "The Retry-After a platform asked for, by platform.");
        _pacingWait = meter.CreateHistogram<double>("crm.outbox.pacing_wait", "s",
            "Time a send waited for its channel: spacing (the platform's per-channel limit) or pause (a stored Retry-After).");
        _cacheLookups = meter.CreateCounter<long>("crm.cache.lookups", "{lookup}",
            "Identity and channel cache lookups, by cache and result (hit, miss).");
        _digestDuration = meter.CreateHistogram<double>("crm.digest.duration", "s",
            "Digest runs, by kind and outcome.");
        meter.CreateObservableGauge("crm.outbox.depth", () => _outbox.Pending, "{message}",
            "Messages stored and not yet sent (claimed or waiting), sampled every 15 s.");
        meter.CreateObservableGauge("crm.outbox.oldest_age", () => _outbox.OldestAgeSeconds, "s",
            "Age of the oldest message not yet sent, sampled every 15 s (0 when none).");
        meter.CreateObservableGauge("crm.outbox.failed", () => _outbox.Failed, "{message}",
            "Messages failed for good and kept (see outbox list), sampled every 15 s.");
    }

    public void CommandRan(string platform, string verb, string outcome) =>
        _commands.Add(1, new("platform", platform), new("verb", verb), new("outcome", outcome));

    public void Delivered(string platform, string outcome) =>
        _deliveries.Add(1, new KeyValuePair<string, object?>("platform", platform), new("outcome", outcome));

    public void RateLimited(string platform, TimeSpan retryAfter)
    {
        _rateLimited.Add(1, new KeyValuePair<string, object?>("platform", platform));
        _retryAfter.Record(retryAfter.TotalSeconds, new KeyValuePair<string, object?>("platform", platform));
    }

    public void Paced(string platform, string reason, TimeSpan waited) =>
        _pacingWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("platform", platform), new("reason", reason));

    public void CacheLookup(string cache, bool hit) =>
        _cacheLookups.Add(1, new KeyValuePair<string, object?>("cache", cache), new("result", hit ? "hit" : "miss"));

    public void DigestRan(string kind, string outcome, TimeSpan duration) =>
        _digestDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("kind", kind), new("outcome", outcome));

    /// <summary>The latest sample of the outbox (<see cref="OutboxDepthSampler"/>).</summary>
    public void Outbox(OutboxDepth depth) => _outbox = depth;

    public sealed record OutboxDepth(long Pending, long Failed, double OldestAgeSeconds);
}

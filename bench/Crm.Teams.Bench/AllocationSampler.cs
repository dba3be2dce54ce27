using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Crm.Teams.Bench;

/// <summary>
/// Where the allocations go: the runtime reports a sample about every 100 KB allocated, naming the
/// type whose allocation crossed the mark, so the counts are proportional to bytes allocated per type.
/// Turned on with CRM_BENCH_ALLOCATIONS=1; it costs a little throughput while it listens.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, int> _samples = new();
    public bool Listening { get; set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Listening || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
            return;
        var index = e.PayloadNames?.IndexOf("TypeName") ?? -1;
        if (index >= 0 && e.Payload[index] is string type)
            _samples.AddOrUpdate(type, 1, (_, n) => n + 1);
    }

    public string Top(int count)
    {
        var total = Math.Max(1, _samples.Values.Sum());
        return string.Join('\n', _samples.OrderByDescending(p => p.Value).Take(count).Select(p => $"{100.0 * p.Value / total,5:N1}% {p.Key}"));
    }
}

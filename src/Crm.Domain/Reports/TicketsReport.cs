using Crm.Domain.Digests;
using Crm.Domain.Tickets;

namespace Crm.Domain.Reports;

/// <summary>Open tickets by priority, SLA breaches and the oldest open tickets.</summary>
public sealed record TicketsReport(
    DateTimeOffset GeneratedAt,
    DateTimeOffset Since,
    IReadOnlyList<SegmentCount> BySegment,
    IReadOnlyDictionary<TicketPriority, int> OpenByPriority,
    int BreachedCount,
    IReadOnlyList<TicketLine> Breached,
    IReadOnlyList<TicketLine> Oldest,
    int OpenedSince,
    int ResolvedSince,
    int BreachedSince)
    : ReportResult(DigestKind.Tickets, GeneratedAt, Since, BySegment)
{
    public int OpenCount => OpenByPriority.Values.Sum();

    /// <summary>Open tickets past their SLA, by priority (the chart's second series).</summary>
    public IReadOnlyDictionary<TicketPriority, int> BreachedByPriority { get; init; } = new Dictionary<TicketPriority, int>();

    public override bool IsEmpty => OpenCount == 0 && OpenedSince == 0 && ResolvedSince == 0;
}

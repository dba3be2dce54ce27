using Crm.Domain.Deals;
using Crm.Domain.Digests;

namespace Crm.Domain.Reports;

/// <summary>Open deals by stage, moves since the previous digest, and deals slipping past their close date.</summary>
public sealed record PipelineReport(
    DateTimeOffset GeneratedAt,
    DateTimeOffset Since,
    IReadOnlyList<SegmentCount> BySegment,
    IReadOnlyList<StageTotal> ByStage,
    int MovesSince,
    IReadOnlyList<DealLine> RecentMoves,
    int CreatedSince,
    int SlippingCount,
    IReadOnlyList<Money> SlippingAmount,
    IReadOnlyList<DealLine> Slipping)
    : ReportResult(DigestKind.Pipeline, GeneratedAt, Since, BySegment)
{
    public int OpenCount => ByStage.Where(s => !s.Stage.IsClosed()).Sum(s => s.Count);

    public override bool IsEmpty => ByStage.Count == 0 && MovesSince == 0 && SlippingCount == 0;
}

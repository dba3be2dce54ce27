using Crm.Domain.Digests;

namespace Crm.Domain.Reports;

/// <summary>Unpaid invoices past their due date, by age, with what became overdue or was paid since.</summary>
public sealed record OverdueReport(
    DateTimeOffset GeneratedAt,
    DateTimeOffset Since,
    IReadOnlyList<SegmentCount> BySegment,
    int Count,
    IReadOnlyList<Money> Total,
    IReadOnlyList<AgingBucket> Aging,
    IReadOnlyList<InvoiceLine> Largest,
    int NewlyOverdueSince,
    int PaidSince,
    IReadOnlyList<Money> PaidSinceAmount)
    : ReportResult(DigestKind.Overdue, GeneratedAt, Since, BySegment)
{
    public override bool IsEmpty => Count == 0 && PaidSince == 0;
}

using Crm.Domain.Digests;

namespace Crm.Domain.Reports;

/// <summary>
/// Renewals: open deals of existing customers (lifecycle customer) closing in the next
/// <see cref="ReportQueries.RenewalWindowDays"/> days, with the customer's health.
/// </summary>
public sealed record RenewalsReport(
    DateTimeOffset GeneratedAt,
    DateTimeOffset Since,
    IReadOnlyList<SegmentCount> BySegment,
    DateOnly WindowEnd,
    int Count,
    IReadOnlyList<Money> Amount,
    int AtRiskCount,
    IReadOnlyList<DealLine> Renewals,
    int ChangedSince)
    : ReportResult(DigestKind.Renewals, GeneratedAt, Since, BySegment)
{
    /// <summary>Health below this is at risk.</summary>
    public const int AtRiskBelow = 50;

    public override bool IsEmpty => Count == 0;

    /// <summary>Renewals by the month they close in, with how many are at risk (the chart's data), earliest first.</summary>
    public IReadOnlyList<RenewalMonth> ByMonth { get; init; } = [];
}

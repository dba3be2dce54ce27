using Crm.Domain.Digests;

namespace Crm.Domain.Reports;

/// <summary>Gaps in the data: customers without owner or industry, likely duplicates, stale open deals.</summary>
public sealed record QualityReport(
    DateTimeOffset GeneratedAt,
    DateTimeOffset Since,
    IReadOnlyList<SegmentCount> BySegment,
    int MissingOwnerCount,
    IReadOnlyList<CustomerLine> MissingOwner,
    int MissingIndustryCount,
    IReadOnlyList<CustomerLine> MissingIndustry,
    int DuplicateGroupCount,
    IReadOnlyList<DuplicateGroup> Duplicates,
    int StaleDealCount,
    IReadOnlyList<DealLine> StaleDeals,
    int NewGapsSince)
    : ReportResult(DigestKind.Quality, GeneratedAt, Since, BySegment)
{
    /// <summary>An open deal untouched for this long is stale.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(30);

    public override bool IsEmpty => MissingOwnerCount == 0 && MissingIndustryCount == 0 && DuplicateGroupCount == 0 && StaleDealCount == 0;
}

using Crm.Domain.Digests;

namespace Crm.Domain.Reports;

/// <summary>
/// A computed report: the state now plus what changed since <see cref="Since"/> (the previous digest
/// of the same subscription, or the window the asker chose). Lists are capped at <see cref="ReportQueries.ListLimit"/>;
/// counts and totals always cover everything.
/// </summary>
public abstract record ReportResult(DigestKind Kind, DateTimeOffset GeneratedAt, DateTimeOffset Since, IReadOnlyList<SegmentCount> BySegment)
{
    /// <summary>
    /// True when <see cref="Since"/> is the previous digest of the same subscription; false when there was
    /// none (a first digest, the <c>report</c> verb) and the changes cover the default window instead.
    /// </summary>
    public bool SinceLastDigest { get; init; }

    /// <summary>What the report was narrowed to (<see cref="ReportFilter.None"/> when nothing); the reply names it.</summary>
    public ReportFilter Filter { get; init; } = ReportFilter.None;

    /// <summary>True when there is nothing to report at all; an empty digest says so in one line or is skipped.</summary>
    public abstract bool IsEmpty { get; }
}

using Crm.Domain.Digests;
using Crm.Domain.Storage;

namespace Crm.Domain.Reports;

/// <summary>
/// Computes the five reports with set-based queries: every figure is one aggregate or one capped list
/// query in the database, whatever the number of customers. Used by the <c>report</c> verb (now, for
/// the asker) and by digests (on schedule, for a channel), so a report is defined once.
/// </summary>
public sealed class ReportQueries(CrmDbContext db, TimeProvider time)
{
    /// <summary>The most records any list in a report shows; counts and totals always cover everything.</summary>
    public const int ListLimit = 10;

    public const int RenewalWindowDays = 60;

    /// <summary>The default "changes since" window when there is no previous digest to compare with.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    /// <param name="since">Changes are counted after this instant (the previous digest's scheduled time).</param>
    public Task<ReportResult> RunAsync(DigestKind kind, DateTimeOffset? since, CancellationToken cancellationToken) =>
        RunAsync(kind, since, ReportFilter.None, cancellationToken);

    /// <param name="since">Changes are counted after this instant (the previous digest's scheduled time).</param>
    /// <param name="filter">Narrows every figure of the report, in the database (see <see cref="ReportFilterQueries"/>).</param>
    public async Task<ReportResult> RunAsync(DigestKind kind, DateTimeOffset? since, ReportFilter filter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Instants go to the database in UTC (PostgreSQL's timestamptz takes no other offset).
        var window = new ReportWindow(now.ToUniversalTime(), DateOnly.FromDateTime(now.UtcDateTime), (since ?? now - DefaultWindow).ToUniversalTime())
        {
            Filter = filter,
        };
        ReportResult report = kind switch
        {
            DigestKind.Pipeline => await PipelineQuery.RunAsync(db, window, cancellationToken),
            DigestKind.Tickets => await TicketsQuery.RunAsync(db, window, cancellationToken),
            DigestKind.Renewals => await RenewalsQuery.RunAsync(db, window, cancellationToken),
            DigestKind.Overdue => await OverdueQuery.RunAsync(db, window, cancellationToken),
            DigestKind.Quality => await QualityQuery.RunAsync(db, window, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown report kind."),
        };
        return report with { SinceLastDigest = since is not null, Filter = filter };
    }

    public async Task<PipelineReport> PipelineAsync(DateTimeOffset? since, CancellationToken cancellationToken) =>
        (PipelineReport)await RunAsync(DigestKind.Pipeline, since, cancellationToken);

    public async Task<TicketsReport> TicketsAsync(DateTimeOffset? since, CancellationToken cancellationToken) =>
        (TicketsReport)await RunAsync(DigestKind.Tickets, since, cancellationToken);

    public async Task<RenewalsReport> RenewalsAsync(DateTimeOffset? since, CancellationToken cancellationToken) =>
        (RenewalsReport)await RunAsync(DigestKind.Renewals, since, cancellationToken);

    public async Task<OverdueReport> OverdueAsync(DateTimeOffset? since, CancellationToken cancellationToken) =>
        (OverdueReport)await RunAsync(DigestKind.Overdue, since, cancellationToken);

    public async Task<QualityReport> QualityAsync(DateTimeOffset? since, CancellationToken cancellationToken) =>
        (QualityReport)await RunAsync(DigestKind.Quality, since, cancellationToken);
}

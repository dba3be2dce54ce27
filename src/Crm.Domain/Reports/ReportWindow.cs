namespace Crm.Domain.Reports;

/// <summary>The instant a report is computed at, its UTC date, where "changes since" start, and its filter.</summary>
internal sealed record ReportWindow(DateTimeOffset Now, DateOnly Today, DateTimeOffset Since)
{
    /// <summary>What the report is narrowed to; every query of the report applies it.</summary>
    public ReportFilter Filter { get; init; } = ReportFilter.None;

    public DateOnly SinceDate => DateOnly.FromDateTime(Since.UtcDateTime);
}

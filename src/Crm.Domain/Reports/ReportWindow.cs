namespace Crm.Domain.Reports;

/// <summary>The instant a report is computed at, its UTC date, and where "changes since" start.</summary>
internal sealed record ReportWindow(DateTimeOffset Now, DateOnly Today, DateTimeOffset Since)
{
    public DateOnly SinceDate => DateOnly.FromDateTime(Since.UtcDateTime);
}

namespace Crm.Domain.Reports.Exports;

/// <summary>The file formats a report is exported in (the trailing word of <c>report &lt;kind&gt; csv|xlsx</c>).</summary>
public enum ExportFormat
{
    Csv,
    Xlsx,
}

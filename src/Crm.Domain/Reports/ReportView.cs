namespace Crm.Domain.Reports;

/// <summary>How much of a report an audience may see.</summary>
public enum ReportView
{
    /// <summary>Nothing: the audience's clearance does not reach this report.</summary>
    None,
    /// <summary>Counts per customer segment only (marketing's aggregates).</summary>
    Segments,
    /// <summary>Counts and totals without the records behind them (support or financial summary).</summary>
    Summary,
    /// <summary>Everything, with the records.</summary>
    Full,
}

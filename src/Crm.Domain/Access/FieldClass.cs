namespace Crm.Domain.Access;

/// <summary>
/// Classes of data that decide who sees what. Summaries are the coarse views some roles get
/// (a count of open tickets, an overdue total) without the records behind them.
/// </summary>
[Flags]
public enum FieldClass
{
    None = 0,
    Basic = 1,
    Contact = 2,
    Commercial = 4,
    SupportSummary = 8,
    Support = 16 | SupportSummary,
    FinancialSummary = 32,
    Financial = 64 | FinancialSummary,
    /// <summary>Segment-level aggregates only (marketing): counts and totals, never single records.</summary>
    Aggregates = 128,
    All = Basic | Contact | Commercial | Support | Financial | Aggregates,
}

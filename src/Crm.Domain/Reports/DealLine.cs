using Crm.Domain.Deals;

namespace Crm.Domain.Reports;

/// <summary>One deal in a report list (a stage move, a slipping deal, a renewal, a stale deal).</summary>
public sealed record DealLine(
    string DealId,
    string Name,
    string CustomerId,
    string CustomerName,
    DealStage Stage,
    Money Amount,
    DateOnly? CloseDate,
    DateTimeOffset At,
    int? Health = null);

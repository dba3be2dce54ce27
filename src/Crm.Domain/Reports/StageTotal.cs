using Crm.Domain.Deals;

namespace Crm.Domain.Reports;

/// <summary>Deals in one stage: how many, and their amounts per currency.</summary>
public sealed record StageTotal(DealStage Stage, int Count, IReadOnlyList<Money> Amount);

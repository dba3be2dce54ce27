namespace Crm.Domain.Reports;

/// <summary>Renewals closing in one month, and how many of them belong to customers at risk (health below <see cref="RenewalsReport.AtRiskBelow"/>).</summary>
public sealed record RenewalMonth(int Year, int Month, int Count, int AtRisk)
{
    public string Label => $"{Year:D4}-{Month:D2}";
}

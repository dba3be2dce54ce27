namespace Crm.Domain.Reports;

/// <summary>One customer in a report list (basic fields only).</summary>
public sealed record CustomerLine(string CustomerId, string Name, string? Domain, string? Region, string? Owner);

namespace Crm.Domain.Reports;

/// <summary>Customers that are likely the same: they share a domain or the same name.</summary>
public sealed record DuplicateGroup(string SharedBy, string Value, int Count, IReadOnlyList<string> CustomerIds);

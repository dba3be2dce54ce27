namespace Crm.Domain.Customers.Csv;

/// <summary>
/// The outcome of one line: created (with the customer's name), updated or unchanged (the customer
/// matched, with each field change), or rejected (every reason).
/// </summary>
public sealed record ImportLine(int Line, ImportLineAction Action, string? CustomerRef, string? Name,
    IReadOnlyList<ImportFieldChange> Changes, IReadOnlyList<string> Reasons)
{
    /// <summary>How the line reads in the import's listing.</summary>
    public string Describe() => Action switch
    {
        ImportLineAction.Create => $"create '{Name}'{(CustomerRef is null ? "" : $" ({CustomerRef} is not in the database; the new customer gets the next free number)")}",
        ImportLineAction.Update => $"update {CustomerRef} '{Name}': {string.Join("; ", Changes)}",
        ImportLineAction.Unchanged => $"unchanged {CustomerRef} '{Name}'",
        _ => $"rejected: {string.Join(" ", Reasons)}",
    };
}

namespace Crm.Domain.Customers.Csv;

/// <summary>What an import does (or, in a dry run, would do) with one line of the file.</summary>
public enum ImportLineAction
{
    Create,
    Update,
    /// <summary>The line matches a customer and changes none of its fields.</summary>
    Unchanged,
    Reject,
}

using Crm.Domain.Access;

namespace Crm.Domain.Customers.Csv;

/// <summary>One field an import line changes on an existing customer, old → new, and the field class it belongs to.</summary>
public sealed record ImportFieldChange(string Field, string Old, string New, FieldClass Class)
{
    public override string ToString() => $"{Field} {Old} → {New}";
}

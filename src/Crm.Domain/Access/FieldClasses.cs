namespace Crm.Domain.Access;

public static class FieldClasses
{
    /// <summary>The classes people read about, in the order product.md lists them.</summary>
    public static readonly IReadOnlyList<FieldClass> Named =
    [
        FieldClass.Basic, FieldClass.Contact, FieldClass.Commercial, FieldClass.SupportSummary, FieldClass.Support,
        FieldClass.FinancialSummary, FieldClass.Financial, FieldClass.Aggregates,
    ];

    public static bool CanRead(this FieldClass readable, FieldClass needed) => (readable & needed) == needed;

    public static string Name(this FieldClass fieldClass) => fieldClass switch
    {
        FieldClass.SupportSummary => "support summary",
        FieldClass.FinancialSummary => "financial summary",
        _ => fieldClass.ToString().ToLowerInvariant(),
    };

    public static IReadOnlyList<string> Visible(FieldClass readable) =>
        Named.Where(c => readable.CanRead(c)).Select(Name).ToList();

    public static IReadOnlyList<string> Hidden(FieldClass readable) =>
        Named.Where(c => !readable.CanRead(c)).Select(Name).ToList();
}

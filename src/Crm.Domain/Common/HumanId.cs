namespace Crm.Domain.Common;

/// <summary>
/// The ids people type and read (C-1001, D-1001, INV-1001) beside the database keys.
/// Each kind has a prefix; the number is unique per kind.
/// </summary>
public static class HumanId
{
    public const string Customer = "C";
    public const string Contact = "P";
    public const string Deal = "D";
    public const string Ticket = "T";
    public const string Invoice = "INV";
    public const string Task = "K";
    public const string Handoff = "H";

    public static readonly IReadOnlyList<string> Prefixes = [Invoice, Customer, Contact, Deal, Ticket, Task, Handoff];

    public static string Format(string prefix, long number) => $"{prefix}-{number}";

    /// <summary>Parses "C-1001" / "c-1001" into its prefix and number.</summary>
    public static bool TryParse(string text, out string prefix, out long number)
    {
        prefix = "";
        number = 0;
        var dash = text.IndexOf('-');
        if (dash <= 0) return false;
        var head = text[..dash].ToUpperInvariant();
        if (!Prefixes.Contains(head) || !long.TryParse(text[(dash + 1)..], System.Globalization.NumberStyles.None, null, out number))
            return false;
        prefix = head;
        return number > 0;
    }
}

using System.Globalization;

namespace Crm.Domain.Reports;

/// <summary>An amount in one currency. Reports never add different currencies together.</summary>
public sealed record Money(string Currency, decimal Amount)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount:#,0.##} {Currency}");

    public static string Format(IReadOnlyList<Money> amounts) =>
        amounts.Count == 0 ? "0" : string.Join(" + ", amounts.OrderByDescending(a => a.Amount).Select(a => a.ToString()));
}

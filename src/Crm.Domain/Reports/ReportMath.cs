using Crm.Domain.Common;

namespace Crm.Domain.Reports;

/// <summary>Small shaping steps shared by the report queries (after the database did the counting).</summary>
internal static class ReportMath
{
    public static IReadOnlyList<Money> Amounts(IEnumerable<(string Currency, decimal Amount)> rows) =>
        rows.GroupBy(r => r.Currency)
            .Select(g => new Money(g.Key, g.Sum(r => r.Amount)))
            .OrderByDescending(m => m.Amount)
            .ToList();

    public static IReadOnlyList<SegmentCount> Segments(IEnumerable<(string? Segment, int Count)> rows) =>
        rows.Select(r => new SegmentCount(string.IsNullOrWhiteSpace(r.Segment) ? "(none)" : r.Segment, r.Count))
            .OrderByDescending(s => s.Count)
            .ThenBy(s => s.Segment, StringComparer.Ordinal)
            .ToList();

    public static string Customer(long number) => HumanId.Format(HumanId.Customer, number);
    public static string Deal(long number) => HumanId.Format(HumanId.Deal, number);
    public static string Ticket(long number) => HumanId.Format(HumanId.Ticket, number);
    public static string Invoice(long number) => HumanId.Format(HumanId.Invoice, number);
}

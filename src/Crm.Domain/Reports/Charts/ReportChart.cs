using System.Globalization;

namespace Crm.Domain.Reports.Charts;

/// <summary>One bar series of a chart: a value per category, and how to write a value in words.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values, string Unit = "");

/// <summary>
/// What a report's chart shows: bars by category, one series each. Built by <see cref="ReportCharts"/> from
/// the report at the view its audience may see, so the picture and its alt text hold only what the reply shows.
/// </summary>
public sealed record ReportChart(string Title, string ValueAxis, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>"Open deal amounts by stage. lead: 120,000 EUR; qualified: 80,000 EUR, 5,000 USD." — every number the chart shows.</summary>
    public string AltText()
    {
        var parts = Categories.Select((category, i) =>
            $"{category}: {string.Join(", ", Series.Select(s => Series.Count == 1 || s.Name == s.Unit ? Value(s, i) : $"{s.Name} {Value(s, i)}"))}");
        return $"{Title}. {string.Join("; ", parts)}.";
    }

    /// <summary>"120,000 EUR" for an amount, "4" for a count.</summary>
    private static string Value(ChartSeries s, int i) => s.Unit.Length > 0 ? $"{Number(s.Values[i])} {s.Unit}" : Number(s.Values[i]);

    internal static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}

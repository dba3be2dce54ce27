using ScottPlot;

namespace Crm.Domain.Reports.Charts;

/// <summary>Draws a <see cref="ReportChart"/> as a PNG with ScottPlot (SkiaSharp, headless): grouped bars, a legend when there is more than one series.</summary>
public static class ChartImage
{
    public const int Width = 800, Height = 400;

    public static byte[] Png(ReportChart chart)
    {
        var plot = new Plot();
        var groups = chart.Series.Count;
        var bars = new List<Bar>();
        var palette = new ScottPlot.Palettes.Category10();
        for (var c = 0; c < chart.Categories.Count; c++)
            for (var s = 0; s < groups; s++)
                bars.Add(new Bar
                {
                    Position = c * (groups + 1) + s,
                    Value = chart.Series[s].Values[c],
                    FillColor = palette.GetColor(s),
                    Label = ReportChart.Number(chart.Series[s].Values[c]),
                });
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 11;
        var ticks = chart.Categories.Select((_, c) => c * (groups + 1) + (groups - 1) / 2.0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, chart.Categories.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title(chart.Title);
        plot.YLabel(chart.ValueAxis);
        if (groups > 1)
        {
            for (var s = 0; s < groups; s++)
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = chart.Series[s].Name, FillColor = palette.GetColor(s) });
            plot.ShowLegend(Alignment.UpperRight);
        }
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}

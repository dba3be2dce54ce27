using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Audit;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Crm.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Access;

/// <summary>
/// Every demo person × every report kind × every format (the text, the chart's alt text, CSV, XLSX) through the
/// pipeline: no value of a field class the person may not read appears, and every value of a class they may read
/// does wherever the format shows that kind of value. The classes come from product.md (<see cref="SpecClasses"/>).
/// </summary>
public sealed class ReportFileRedactionTests
{
    /// <summary>A value of one field class in one report on the demo records, and whether the chart shows such values.</summary>
    private sealed record Marker(string Class, string Value, bool InChart);

    private static readonly Dictionary<DigestKind, Marker[]> Markers = new()
    {
        [DigestKind.Pipeline] = [new(SpecClasses.Commercial, "48,000 USD", InChart: true), new(SpecClasses.Commercial, "Acme renewal", InChart: false)],
        [DigestKind.Tickets] = [new(SpecClasses.Support, "Cannot log in to the portal", InChart: false), new(SpecClasses.SupportSummary, "SLA", InChart: true)],
        [DigestKind.Renewals] = [new(SpecClasses.Commercial, "48,000 USD", InChart: false), new(SpecClasses.SupportSummary, "at risk", InChart: true)],
        [DigestKind.Overdue] = [new(SpecClasses.Financial, "INV-1001", InChart: false), new(SpecClasses.FinancialSummary, "12,500 USD", InChart: true)],
        [DigestKind.Quality] = [],
    };

    private static string XlsxText(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        return string.Join("\n", zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal))
            .Select(e => string.Join("\t", XDocument.Load(e.Open()).Descendants().Where(d => d.Name.LocalName == "t").Select(t => t.Value))));
    }

    [Fact]
    public async Task EveryRole_EveryKind_EveryFormat_ShowsOnlyWhatTheRoleMayRead()
    {
        await using var h = await PipelineHarness.CreateAsync();
        var exports = 0;
        foreach (var (person, readable) in SpecClasses.ByPerson)
        {
            foreach (var kind in ReportKinds.All)
            {
                var name = kind.Name();
                var shown = await h.AskAsync(person, $"report {name}");
                var formats = new Dictionary<string, string> { ["text"] = shown.ToJson() };
                if (shown.Blocks.OfType<ImageBlock>().SingleOrDefault() is { } chart) formats["chart"] = chart.AltText;

                foreach (var format in new[] { "csv", "xlsx" })
                {
                    var reply = await h.AskAsync(person, $"report {name} {format}");
                    if (reply.Files is not { Count: 1 } files)
                    {
                        // Nothing to export (a denial, nothing to report) is answered as the report itself.
                        Assert.Equal(shown.FallbackText, reply.FallbackText);
                        continue;
                    }
                    exports++;
                    var file = files[0];
                    Assert.Equal((ReplyFileKind.Export, ReplyVisibility.Private), (file.Kind, reply.Visibility));
                    Assert.EndsWith("." + format, file.Name);
                    formats[format] = format == "csv" ? Encoding.UTF8.GetString(file.Content!) : XlsxText(file.Content!);
                }

                foreach (var marker in Markers[kind])
                {
                    var mayRead = readable.Contains(marker.Class);
                    foreach (var (format, content) in formats)
                    {
                        var seen = content.Contains(marker.Value, StringComparison.OrdinalIgnoreCase);
                        if (!mayRead)
                            Assert.False(seen, $"{person}: report {name} as {format} shows {marker.Class} value '{marker.Value}'");
                        else if (shown.Tone != ReplyTone.Denied && (format != "chart" || marker.InChart))
                            Assert.True(seen, $"{person}: report {name} as {format} lacks {marker.Class} value '{marker.Value}' it may read");
                    }
                }
            }
        }

        // Whoever may read everything got every kind's chart and both files, so none of the checks above was left out.
        Assert.True(exports >= 2 * ReportKinds.All.Count, $"only {exports} exports were made");
        await using var db = h.Db();
        Assert.Equal(exports, await db.Audit.CountAsync(a => a.Action == AuditAction.Export));
    }
}

using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Crm.Domain.Reports.Exports;
using Microsoft.VisualBasic.FileIO;

namespace Crm.Domain.Tests.Reports;

/// <summary>CSV and XLSX exports read back with readers other than the writers' own: cells as given, formulas defused.</summary>
public sealed class ReportExportFileTests
{
    private static readonly string[] Hostile =
    [
        "=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "plain", "a,b", "say \"hi\"", "line\nbreak", "Zürich 1–30 days", "",
    ];

    private static IReadOnlyList<ExportTable> Tables() =>
    [
        new("Summary", ["Measure", "Value"], [["Open deals", "3"], ["=1+1", "-5"]]),
        new("Hostile: [cells]?", ["Cell", "Index"], Hostile.Select((h, i) => (IReadOnlyList<string>)[h, i.ToString()]).ToList()),
    ];

    [Theory]
    [InlineData("=1", "'=1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@x", "'@x")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("1-2", "1-2")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Defuse_PrefixesOnlyWhatASpreadsheetWouldRun(string value, string expected) =>
        Assert.Equal(expected, SpreadsheetText.Defuse(value));

    [Fact]
    public void Csv_ReadBackByAnotherParser_HoldsEveryCellDefused_InRecordsOfOneWidth()
    {
        var bytes = ReportCsv.Write(Tables());
        using var parser = new TextFieldParser(new StringReader(Encoding.UTF8.GetString(bytes))) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var records = new List<string[]>();
        while (!parser.EndOfData) records.Add(parser.ReadFields()!);

        Assert.All(records, r => Assert.Equal(2, r.Length));
        Assert.Equal(["Summary", ""], records[0]);
        Assert.Equal(["Measure", "Value"], records[1]);
        Assert.Equal(["'=1+1", "'-5"], records[3]);
        var hostile = records.SkipWhile(r => r[0] != "Hostile: [cells]?").Skip(2).ToList();
        Assert.Equal(Hostile.Select(SpreadsheetText.Defuse), hostile.Select(r => r[0]));
        Assert.DoesNotContain(records.SelectMany(r => r), c => c.Length > 0 && c[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
    }

    [Fact]
    public void Xlsx_ReadBackFromTheZippedSheetXml_HoldsEveryCellDefused_OneSheetPerTable_NoFormulas()
    {
        var bytes = ReportXlsx.Write(Tables());
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        XNamespace main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        XNamespace rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        var workbook = XDocument.Load(zip.GetEntry("xl/workbook.xml")!.Open());
        var sheets = workbook.Descendants(main + "sheet").ToList();
        Assert.Equal(["Summary", "Hostile   cells"], sheets.Select(s => (string)s.Attribute("name")!));

        var rels = XDocument.Load(zip.GetEntry("xl/_rels/workbook.xml.rels")!.Open());
        string[][] Rows(XElement sheet)
        {
            var target = rels.Root!.Elements().Single(r => (string)r.Attribute("Id")! == (string)sheet.Attribute(rel + "id")!).Attribute("Target")!.Value;
            var xml = XDocument.Load(zip.GetEntry("xl/" + target.TrimStart('/').Replace("xl/", ""))!.Open());
            Assert.Empty(xml.Descendants(main + "f"));
            return xml.Descendants(main + "row").Select(r => r.Elements(main + "c").Select(c => string.Concat(c.Descendants(main + "t").Select(t => t.Value))).ToArray()).ToArray();
        }

        var summary = Rows(sheets[0]);
        Assert.Equal(["Measure", "Value"], summary[0]);
        Assert.Equal(["'=1+1", "'-5"], summary[2]);
        var hostile = Rows(sheets[1]);
        // An XML reader hands a carriage return back as a line feed (XML's end-of-line rule); the defusing apostrophe stays.
        Assert.Equal(Hostile.Select(h => SpreadsheetText.Defuse(h).Replace('\r', '\n')), hostile.Skip(1).Select(r => r[0]));
    }
}

using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Crm.Domain.Reports.Exports;

/// <summary>
/// A report's tables as an XLSX workbook: one worksheet per table (named after it), a bold header row, every
/// cell an inline string as the report shows it (never a formula), defused like the CSV.
/// </summary>
public static class ReportXlsx
{
    public static byte[] Write(IReadOnlyList<ExportTable> tables)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var t = 0; t < tables.Count; t++)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.Append(Row(tables[t].Columns, bold: true));
                foreach (var row in tables[t].Rows) data.Append(Row(row, bold: false));
                part.Worksheet = new Worksheet(data);
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(t + 1), Name = SheetName(tables[t].Name, t, names) });
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row Row(IEnumerable<string> cells, bool bold)
    {
        var row = new Row();
        foreach (var text in cells)
        {
            var cell = new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(SpreadsheetText.Defuse(text)) { Space = SpaceProcessingModeValues.Preserve }) };
            if (bold) cell.StyleIndex = 1;
            row.Append(cell);
        }
        return row;
    }

    /// <summary>Excel's rules: at most 31 characters, none of []:*?/\, unique in the workbook.</summary>
    private static string SheetName(string name, int index, HashSet<string> taken)
    {
        var clean = new string(name.Select(c => c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' || char.IsControl(c) ? ' ' : c).ToArray()).Trim().Trim('\'');
        if (clean.Length == 0) clean = $"Table {index + 1}";
        if (clean.Length > 31) clean = clean[..31].TrimEnd();
        var candidate = clean;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return candidate;
    }

    /// <summary>Two cell formats: plain (0) and bold (1), for the header row.</summary>
    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }) { Count = 2 });
}

using System.Text;
using CsvHelper;

namespace Crm.Domain.Reports.Exports;

/// <summary>
/// A report's tables as one CSV file (UTF-8): each table's name on a line of its own, its header and its rows,
/// an empty line between tables. Every cell is defused here (<see cref="SpreadsheetText"/>), so the writer's own escaping is off.
/// </summary>
public static class ReportCsv
{
    public static byte[] Write(IReadOnlyList<ExportTable> tables)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.None, NewLine = "\n" }, leaveOpen: true))
        {
            for (var t = 0; t < tables.Count; t++)
            {
                if (t > 0) csv.WriteRecord(new[] { "" });
                csv.WriteRecord(new[] { SpreadsheetText.Defuse(tables[t].Name) });
                csv.WriteRecord(tables[t].Columns.Select(SpreadsheetText.Defuse).ToArray());
                foreach (var row in tables[t].Rows)
                    csv.WriteRecord(row.Select(SpreadsheetText.Defuse).ToArray());
            }
            csv.Flush();
        }
        return stream.ToArray();
    }
}

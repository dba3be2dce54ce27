using System.Text;
using CsvHelper;

namespace Crm.Domain.Reports.Exports;

/// <summary>
/// A report's tables as one CSV file (UTF-8): each table's name on a line of its own, its header and its rows,
/// an empty line between tables. Every record has as many fields as the widest table (RFC 4180), the rest empty.
/// Every cell is defused here (<see cref="SpreadsheetText"/>), so the writer's own escaping is off.
/// </summary>
public static class ReportCsv
{
    public static byte[] Write(IReadOnlyList<ExportTable> tables)
    {
        var width = Math.Max(1, tables.Max(t => Math.Max(t.Columns.Count, t.Rows.Count == 0 ? 0 : t.Rows.Max(r => r.Count))));
        string[] Record(IEnumerable<string> cells)
        {
            var record = Enumerable.Repeat("", width).ToArray();
            var i = 0;
            foreach (var cell in cells) record[i++] = SpreadsheetText.Defuse(cell);
            return record;
        }

        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.None, NewLine = "\n" }, leaveOpen: true))
        {
            for (var t = 0; t < tables.Count; t++)
            {
                if (t > 0) csv.WriteRecord(Record([]));
                csv.WriteRecord(Record([tables[t].Name]));
                csv.WriteRecord(Record(tables[t].Columns));
                foreach (var row in tables[t].Rows)
                    csv.WriteRecord(Record(row));
            }
            csv.Flush();
        }
        return stream.ToArray();
    }
}

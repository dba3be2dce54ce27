using System.Globalization;
using System.Text;
using Crm.Domain.Access;

namespace Crm.Domain.Datasets;

/// <summary>The <c>schema.md</c> written beside a dataset: every column written, its type, meaning and field class.</summary>
internal static class DatasetSchemaDocument
{
    public static string Write(DatasetExport export, FieldClass reads, DateTimeOffset at)
    {
        var format = export.Format == DatasetFormat.Parquet ? "Parquet" : "CSV";
        var md = new StringBuilder();
        md.AppendLine($"# CRM dataset at the clearance of {export.Person} ({export.Role})");
        md.AppendLine();
        md.AppendLine($"Written {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by `export dataset`, one {format} file per table.");
        md.AppendLine($"Only what the role {export.Role} may read is here: field classes {string.Join(", ", FieldClasses.Visible(reads))}. " +
                      $"Columns of other classes ({Join(FieldClasses.Hidden(reads))}) are left out of the files, not blanked; " +
                      "tables whose records need such a class are not written.");
        md.AppendLine();
        md.AppendLine(export.Format == DatasetFormat.Parquet
            ? "Types: `string` is UTF-8, `int64` a whole number, `decimal(18,2)` money, `date` a calendar date, `timestamp` microseconds in UTC. Every column may be empty (null)."
            : "CSV: UTF-8 without BOM, comma-separated, a header row, `\\n` line ends. Dates are yyyy-MM-dd, timestamps ISO 8601 in UTC ending in Z, decimals use a dot; empty means none. A text cell starting with = + - @, tab or CR has a leading ' so spreadsheets do not run it as a formula: remove it when loading.");
        foreach (var table in export.Tables)
        {
            var definition = DatasetTables.All.Single(t => t.Name == table.Table);
            md.AppendLine();
            if (table.File is null)
            {
                md.AppendLine($"## {table.Table} — not written");
                md.AppendLine();
                md.AppendLine($"{Capital(definition.Meaning)}. Not written: {table.NotWritten}.");
                continue;
            }
            md.AppendLine($"## {table.Table} — `{Path.GetFileName(table.File)}`, {table.Rows.ToString("#,0", CultureInfo.InvariantCulture)} rows");
            md.AppendLine();
            md.AppendLine($"{Capital(definition.Meaning)}. Rows: {definition.RowScope}.");
            md.AppendLine();
            md.AppendLine("| column | type | field class | meaning |");
            md.AppendLine("|---|---|---|---|");
            foreach (var c in table.Written)
                md.AppendLine($"| `{c.Name}` | {TypeName(c.Type, export.Format)} | {c.Class.Name()} | {c.Meaning} |");
            if (table.LeftOut > 0)
            {
                md.AppendLine();
                md.AppendLine($"{table.LeftOut} column(s) of classes {export.Role} may not read are left out.");
            }
        }
        return md.ToString();
    }

    private static string TypeName(DatasetType type, DatasetFormat format) => type switch
    {
        DatasetType.Text => "string",
        DatasetType.Integer => "int64",
        DatasetType.Decimal => "decimal(18,2)",
        DatasetType.Date => "date",
        DatasetType.Timestamp => format == DatasetFormat.Parquet ? "timestamp (µs, UTC)" : "timestamp (ISO 8601, UTC)",
        _ => "boolean",
    };

    private static string Join(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

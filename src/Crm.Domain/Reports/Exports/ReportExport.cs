using System.Globalization;
using Crm.Domain.Digests;
using Crm.Domain.Replies;

namespace Crm.Domain.Reports.Exports;

/// <summary>
/// A report as a file for its asker: made from the reply <see cref="ReportReplyBuilder"/> built at the asker's
/// clearance (so it holds nothing the reply would not show), answered privately with the file attached.
/// </summary>
public static class ReportExport
{
    public static readonly IReadOnlyDictionary<ExportFormat, string> MediaTypes = new Dictionary<ExportFormat, string>
    {
        [ExportFormat.Csv] = "text/csv",
        [ExportFormat.Xlsx] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    public static bool TryParse(string? word, out ExportFormat format)
    {
        format = default;
        return word is not null && word.All(char.IsAsciiLetter) && Enum.TryParse(word, ignoreCase: true, out format);
    }

    /// <summary>The private answer carrying the file, or null when <paramref name="shown"/> has no table to export (a denial, nothing to report).</summary>
    /// <param name="audience">Who asked (the file's audience).</param>
    public static Reply? Build(Reply shown, DigestKind kind, ExportFormat format, DateTimeOffset at, string audience)
    {
        var tables = ExportTable.From(shown);
        if (tables.Count == 0) return null;
        var content = format == ExportFormat.Csv ? ReportCsv.Write(tables) : ReportXlsx.Write(tables);
        var extension = format.ToString().ToLowerInvariant();
        var name = $"{kind.Name()}-report-{at.UtcDateTime.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture)}.{extension}";
        var file = ReplyFile.Create(name, MediaTypes[format], content, ReplyFileKind.Export) with { Audience = audience };
        var rows = tables.Sum(t => t.Rows.Count);
        var text = $"The {kind.Name()} report as {format.ToString().ToUpperInvariant()}: {name} ({tables.Count} {(tables.Count == 1 ? "table" : "tables")}, {rows} {(rows == 1 ? "row" : "rows")}), as shown to you.";
        return new Reply
        {
            Visibility = ReplyVisibility.Private,
            FallbackText = text,
            Blocks = [new TextBlock(text), new FileBlock(file.Id, name)],
            Files = [file],
            Redaction = shown.Redaction,
        };
    }
}

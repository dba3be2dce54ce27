using System.Text;
using System.Text.Json;
using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Privacy;
using Crm.Domain.Replies;
using CsvHelper;

namespace Crm.Bot.Commands.Admin;

/// <summary>
/// A data subject's access request: everything stored about one person. In chat the answer is a
/// summary (how many rows of each kind); on the command line <c>--out</c> writes the bundle (one JSON
/// file with every kind, one CSV file per kind) to a directory, since chat is no place for the data.
/// </summary>
public sealed class AdminExportPersonCommand : ICommand
{
    public const string JsonFile = "person.json";

    public CommandDescriptor Descriptor { get; } = new("admin", "export", "admin export person <email> [--out <directory>]",
        "everything stored about a person (GDPR/CCPA access request); files only from the command line",
        ["admin export person jane@acme.example", "admin export person jane@acme.example --out ./jane"], [Permission.Admin]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Admin, "export a person's data");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var outAt = args.IndexOf("--out");
        var positional = args.Count - (outAt >= 0 ? 2 : 0);
        if (!args.IsWord(0, "person") || positional != 2 || (outAt >= 0 && outAt != 2))
            return ReplyKit.Usage(Descriptor, "Say whose data: `admin export person <email>`.");
        var email = args.Word(1)!;
        if (PersonalData.Problem(email) is { } problem) return ReplyKit.Usage(Descriptor, problem);
        string? directory = null;
        if (outAt >= 0)
        {
            if (outAt + 1 >= args.Count) return ReplyKit.Usage(Descriptor, "Into which directory? `--out ./jane`.");
            if (context.Request.Platform != Platform.Cli)
                return ReplyKit.Problem("`--out` writes files on the server, so it works only from the command line: " +
                                        "`dotnet run --project src/Crm.Bot -- ask --as <admin e-mail> \"admin export person <email> --out <directory>\"`.");
            directory = Path.GetFullPath(args.Word(outAt + 1)!);
            if (File.Exists(directory)) return ReplyKit.Problem($"'{directory}' is a file; name a directory (it is created if needed).");
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
                return ReplyKit.Problem($"Directory '{directory}' is not empty; name a new or empty directory, so no earlier export is mixed in.");
        }

        var export = await new PersonalData(context.Db, context.Clock).ExportAsync(email, ct);
        var counts = export.Kinds.Where(k => k.Rows.Count > 0).Select(k => $"{k.Rows.Count} {k.Kind}").ToList();
        var summary = counts.Count == 0 ? "nothing is stored about that person" : string.Join(", ", counts);
        var written = directory is null ? [] : await WriteAsync(export, directory, ct);
        context.Audit(AuditAction.Export, detail: $"personal data export of {export.Email}: {summary}" + (directory is null ? "" : $", written to {directory}"));

        var lines = new List<ReplyBlock> { new HeadingBlock($"Personal data of {export.Email}"), new TextBlock($"Stored: {summary}.") };
        lines.Add(directory is null
            ? new ContextBlock("The rows themselves are written only from the command line: `ask --as <admin e-mail> \"admin export person <email> --out <directory>\"`.")
            : new ContextBlock($"Written to {directory}: {string.Join(", ", written)}. The files hold personal data: hand them over securely and delete your copy."));
        return new Reply { Tone = ReplyTone.Success, FallbackText = $"Personal data of {export.Email}: {summary}.", Blocks = lines };
    }

    /// <summary>Writes the bundle; returns the file names. Cells a spreadsheet would run as formulas are escaped.</summary>
    private static async Task<IReadOnlyList<string>> WriteAsync(PersonExport export, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string> { JsonFile };
        var json = new Dictionary<string, object> { ["email"] = export.Email, ["exported_at"] = export.ExportedAt };
        foreach (var (kind, rows) in export.Kinds) json[kind] = rows;
        await File.WriteAllTextAsync(Path.Combine(directory, JsonFile), JsonSerializer.Serialize(json, JsonOptions), new UTF8Encoding(false), ct);

        var options = new CsvWriterOptions { Injection = CsvInjection.Escape };
        foreach (var (kind, rows) in export.Kinds.Where(k => k.Rows.Count > 0))
        {
            var name = kind + ".csv";
            await using (var stream = new StreamWriter(Path.Combine(directory, name), append: false, new UTF8Encoding(false)))
            {
                using var csv = CsvWriter.Create(stream, options, leaveOpen: true);
                var header = rows[0].Keys.ToList();
                foreach (var column in header) csv.WriteField(column);
                csv.EndRecord();
                foreach (var row in rows)
                {
                    foreach (var column in header) csv.WriteField(row.GetValueOrDefault(column) ?? "");
                    csv.EndRecord();
                }
                csv.Flush();
            }
            files.Add(name);
        }
        return files;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}

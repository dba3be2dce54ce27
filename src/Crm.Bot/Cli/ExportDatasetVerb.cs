using Crm.Bot.Pipeline.Identity;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Datasets;
using Crm.Domain.Identity;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Cli;

/// <summary>
/// <c>export dataset --as EMAIL --format parquet|csv --out DIR</c>: every CRM table as one file, at that
/// person's clearance (<see cref="DatasetExporter"/>). The person is resolved as <c>ask --as</c> resolves them
/// (the command line's directory and the role mapping rules); someone the directory does not know is
/// taken by their e-mail mapping rule alone.
/// </summary>
public sealed class ExportDatasetVerb(IdentityResolver identity, CrmDbContext db, DatasetExporter exporter) : ICliVerb
{
    public string Name => "export dataset";

    public string Summary => "Write every table (customers, contacts, deals, tickets, invoices, timeline) as Parquet or CSV at one person's clearance.";

    public string Help => $"""
        Usage: export dataset --as <email> --format parquet|csv --out <folder> [--force]

        Writes one file per table into <folder> ({string.Join(", ", DatasetTables.All.Select(t => t.Name))}), plus
        {DatasetExporter.SchemaFileName}, which documents every column written (name, type, meaning, field class).
        Only what that person's role may read is written: columns of other field classes are left out
        (absent, not blank), timeline entries of other classes are left out, and a table whose records
        they may not read (e.g. invoices without financial clearance) is not written at all.
        The export is recorded in the audit trail. The files hold what that person may read, which may
        include personal data (contacts): keep them where that person's clearance is respected.

          --as       whose clearance (an e-mail the role mapping knows)
          --format   parquet (for pandas, Power BI, Spark) or csv (formula cells get a leading ')
          --out      the folder to write into (created if missing)
          --force    replace dataset files already in the folder
          --batch    rows read and written per batch (default {DatasetExporter.DefaultBatchSize:N0}; one Parquet row group each)
        Exit code: 0 written, 1 the person has no role or the folder cannot be written, 2 bad arguments.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var parsed = CliArguments.Parse(args, ["--as", "--format", "--out", "--batch"], ["--force"], out var error);
        if (parsed is null) return await Fail(output, error!);
        if (parsed.Positional.Count > 0) return await Fail(output, $"Unexpected '{parsed.Positional[0]}'.");
        if (parsed.Option("--as") is not { Length: > 0 } email) return await Fail(output, "--as <email> is required: whose clearance the dataset is written at.");
        if (parsed.Option("--format") is not { } formatText) return await Fail(output, "--format parquet|csv is required.");
        if (!TryFormat(formatText, out var format))
            return await Fail(output, $"--format '{formatText}' is not a dataset format; use parquet or csv.");
        if (parsed.Option("--out") is not { Length: > 0 } outText) return await Fail(output, "--out <folder> is required: where the files go.");
        if (!parsed.TryInt("--batch", DatasetExporter.DefaultBatchSize, 1, 1_000_000, out var batch, out var batchError))
            return await Fail(output, batchError!);

        var folder = Path.GetFullPath(outText);
        if (File.Exists(folder))
        {
            await output.WriteLineAsync($"--out '{folder}' is a file; give a folder.");
            return 1;
        }
        try
        {
            Directory.CreateDirectory(folder);
            // Find out now, not after a long read, whether the folder takes files.
            var probe = Path.Combine(folder, $".export-dataset-{Guid.NewGuid():N}");
            await File.WriteAllTextAsync(probe, "", cancellationToken);
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            await output.WriteLineAsync($"Cannot write into '{folder}': {e.Message} Give a folder you may write to.");
            return 1;
        }
        var existing = DatasetExporter.FileNames.Where(n => File.Exists(Path.Combine(folder, n))).ToList();
        if (existing.Count > 0 && !parsed.Has("--force"))
        {
            await output.WriteLineAsync($"'{folder}' already holds a dataset ({string.Join(", ", existing)}); add --force to replace it, or choose another folder.");
            return 2;
        }

        var person = await ResolveAsync(email.Trim(), cancellationToken);
        if (person.Role is null || person.Email is null)
        {
            await output.WriteLineAsync($"'{email.Trim()}' has no CRM role, so nothing may be exported at their clearance. {person.Why}");
            return 1;
        }
        // A replaced dataset must not keep tables the new person may not read.
        foreach (var old in existing) File.Delete(Path.Combine(folder, old));

        var command = $"export dataset --as {person.Email} --format {formatText.ToLowerInvariant()}";
        var export = await exporter.ExportAsync(person, format, folder, CliActor.Current, command, cancellationToken, (int)batch);
        await output.WriteLineAsync($"Dataset at the clearance of {export.Person} ({export.Role}) in {folder}:");
        foreach (var t in export.Tables)
        {
            await output.WriteLineAsync(t.File is null
                ? $"  {t.Table,-10} not written: {t.NotWritten}"
                : $"  {t.Table,-10} {Path.GetFileName(t.File),-18} {t.Rows,12:N0} rows, {t.Written.Count} columns{(t.LeftOut > 0 ? $" ({t.LeftOut} left out)" : "")}, {t.Elapsed.TotalSeconds:N1} s");
        }
        await output.WriteLineAsync($"  {DatasetExporter.SchemaFileName} documents every column written.");
        return 0;
    }

    /// <summary>As the pipeline resolves a command-line user; else by the e-mail mapping rule alone.</summary>
    private async Task<Principal> ResolveAsync(string email, CancellationToken ct)
    {
        var principal = await identity.ResolveAsync(Platform.Cli, "cli", email, db, ct);
        if (principal.Email is not null) return principal;
        var address = email.ToLowerInvariant();
        var rules = await db.RoleMappings.AsNoTracking().Where(r => r.Kind == MappingKind.Email && r.Match == address).ToListAsync(ct);
        if (rules.Count == 0) return principal;
        var role = RoleResolver.Resolve(new DirectoryUser(address, address, null, null, []), rules);
        return new Principal(address, address, null, [], role.Role, role.Region, null, role.Why);
    }

    private static bool TryFormat(string text, out DatasetFormat format)
    {
        // Enum.TryParse would take "0" or "Parquet,Csv"; only the two names are formats.
        var known = text.ToLowerInvariant() is "parquet" or "csv";
        format = known ? Enum.Parse<DatasetFormat>(text, ignoreCase: true) : default;
        return known;
    }

    private static async Task<int> Fail(TextWriter output, string message)
    {
        await output.WriteLineAsync($"{message} Usage: export dataset --as <email> --format parquet|csv --out <folder> [--force]");
        return 2;
    }
}

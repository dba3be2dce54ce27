using System.Text;
using Crm.Bot.Storage;
using Crm.Domain.Customers.Csv;

namespace Crm.Bot.Cli;

public sealed class ImportCustomersVerb(DatabaseMigrator migrator, CustomerCsvImporter importer) : ICliVerb
{
    public CliDatabaseUse Database => CliDatabaseUse.NeedsMigratedBringsCustomers;

    public string Name => "import customers";
    public string Summary => "Import customers (and a first contact each) from a CSV file; all or nothing.";
    public string Help => $"""
        Usage: import customers <file.csv> [--skip-invalid]

        The first line is a header. Columns (any order, case-insensitive; only "name" is required):
          {string.Join(", ", CustomerCsvColumns.All)}
        "id" is ignored: customers get the next free numbers. Amounts use '.' for decimals (48000.50),
        health is 0–100, lifecycle is lead, prospect, customer or churned.

        Every row is checked first: required values, e-mail / phone / domain / amount formats, and
        duplicates (same name or domain) inside the file and against the database. If any row is
        bad, nothing is imported and the bad rows are listed by line number and reason.

          --skip-invalid   import the good rows anyway and report the bad ones

        The import is recorded in the audit trail.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var parsed = CliArguments.Parse(args, [], ["--skip-invalid"], out var error);
        if (parsed is null || parsed.Positional.Count != 1)
        {
            await output.WriteLineAsync($"{error ?? "Name exactly one CSV file."} Usage: import customers <file.csv> [--skip-invalid]");
            return 2;
        }
        var path = Path.GetFullPath(parsed.Positional[0]);
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"File '{path}' does not exist.");
            return 2;
        }

        await migrator.MigrateAsync(cancellationToken);
        var skipInvalid = parsed.Has("--skip-invalid");
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var command = $"import customers {Path.GetFileName(path)}{(skipInvalid ? " --skip-invalid" : "")}";
        var report = await importer.ImportAsync(reader, skipInvalid, CliActor.Current, command, cancellationToken);

        if (report.FileError is not null)
        {
            await output.WriteLineAsync($"Nothing imported: {report.FileError}");
            return 1;
        }
        foreach (var problem in report.Problems)
            await output.WriteLineAsync($"  line {problem.Line}: {problem.Reason}");
        if (report.Problems.Count > 0 && !skipInvalid)
        {
            await output.WriteLineAsync($"Nothing imported: {report.Problems.Count} of {report.Rows} rows are invalid (listed above). " +
                                        "Fix them, or run again with --skip-invalid to import only the good rows.");
            return 1;
        }
        await output.WriteLineAsync($"Imported {report.Applied} customer(s) from {report.Rows} row(s)" +
                                    (report.Problems.Count > 0 ? $"; skipped {report.Problems.Count} invalid row(s) listed above." : "."));
        return 0;
    }
}

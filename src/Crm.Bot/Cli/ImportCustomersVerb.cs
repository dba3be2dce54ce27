using System.Text;
using Crm.Bot.Storage;
using Crm.Domain.Customers.Csv;

namespace Crm.Bot.Cli;

public sealed class ImportCustomersVerb(DatabaseMigrator migrator, CustomerCsvImporter importer) : ICliVerb
{
    public CliDatabaseUse Database => CliDatabaseUse.NeedsMigratedBringsCustomers;

    public string Name => "import customers";
    public string Summary => "Import customers from a CSV file: update those that match (by id, else domain), create the rest; all or nothing.";
    public string Help => $"""
        Usage: import customers <file.csv> [--dry-run] [--skip-invalid]

        The first line is a header. Columns (any order, case-insensitive; only "name" is required):
          {string.Join(", ", CustomerCsvColumns.All)}
        A line updates an existing customer when its "id" (C-1001) is in the database, or else when its
        domain is (case does not matter); only the fields the line gives change (an empty cell leaves a
        field as it is), and its contact is added when the customer has nobody with that e-mail. Every
        other line creates a customer with the next free number. Amounts use '.' for decimals (48000.50),
        health is 0–100, lifecycle is lead, prospect, customer or churned.

        Every line is checked first: required values, e-mail / phone / domain / amount formats,
        duplicates inside the file, two lines for one customer, and names or domains another customer
        already has. If any line is bad, nothing is written, every bad line is listed by line number and
        reason, and the exit code is 1.

          --dry-run        say for each line what would be created, updated (each field, old → new),
                           left unchanged or rejected, and write nothing
          --skip-invalid   write the good lines anyway and report the bad ones

        The import is recorded in the audit trail; each updated customer gets an audit row and a
        timeline entry per changed field.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var parsed = CliArguments.Parse(args, [], ["--skip-invalid", "--dry-run"], out var error);
        if (parsed is null || parsed.Positional.Count != 1)
        {
            await output.WriteLineAsync($"{error ?? "Name exactly one CSV file."} Usage: import customers <file.csv> [--dry-run] [--skip-invalid]");
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
        var dryRun = parsed.Has("--dry-run");
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var command = $"import customers {Path.GetFileName(path)}{(skipInvalid ? " --skip-invalid" : "")}";
        var report = await importer.ImportAsync(reader, skipInvalid, CliActor.Current, command, cancellationToken, dryRun);

        if (report.FileError is not null)
        {
            await output.WriteLineAsync($"Nothing imported: {report.FileError}");
            return 1;
        }
        var counts = $"{report.Creates} to create, {report.Updates} to update, {report.Unchanged} unchanged, {report.Problems.Count} rejected";
        if (dryRun)
        {
            foreach (var line in report.Lines)
                await output.WriteLineAsync($"  line {line.Line}: {line.Describe()}");
            await output.WriteLineAsync($"Dry run of {report.Rows} row(s): {counts}. Nothing was written." +
                                        (report.Problems.Count > 0 && !skipInvalid ? " As it stands the import would write nothing: fix the rejected lines first." : ""));
            return report.Problems.Count > 0 && !skipInvalid ? 1 : 0;
        }
        foreach (var problem in report.Problems)
            await output.WriteLineAsync($"  line {problem.Line}: {problem.Reason}");
        if (report.Problems.Count > 0 && !skipInvalid)
        {
            await output.WriteLineAsync($"Nothing imported: {report.Problems.Count} of {report.Rows} rows are invalid (listed above). " +
                                        "Fix them, or run again with --skip-invalid to import only the good rows.");
            return 1;
        }
        foreach (var line in report.Lines.Where(l => l.Action == ImportLineAction.Update))
            await output.WriteLineAsync($"  line {line.Line}: {line.Describe()}");
        await output.WriteLineAsync($"Imported {report.Applied} customer(s) from {report.Rows} row(s)" +
                                    (report.Problems.Count > 0 ? $"; skipped {report.Problems.Count} invalid row(s) listed above." : ".") +
                                    $" Created {report.Creates}, updated {report.Updates}, unchanged {report.Unchanged}.");
        return 0;
    }
}

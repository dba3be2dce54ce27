using System.Text;
using Crm.Bot.Storage;
using Crm.Domain.Customers.Csv;

namespace Crm.Bot.Cli;

public sealed class ExportCustomersVerb(DatabaseMigrator migrator, CustomerCsvExporter exporter) : ICliVerb
{
    public string Name => "export customers";
    public string Summary => "Export every customer (with its first contact) to a CSV file.";
    public string Help => $"""
        Usage: export customers <file.csv> [--force]

        Writes one line per customer, in the format `import customers` reads:
          {string.Join(", ", CustomerCsvColumns.All)}
        Cells that a spreadsheet would run as a formula get a leading ' (import removes it).
        The file holds personal data (contacts): keep it safe. The export is recorded in the audit trail.

          --force   overwrite the file if it exists
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var parsed = CliArguments.Parse(args, [], ["--force"], out var error);
        if (parsed is null || parsed.Positional.Count != 1)
        {
            await output.WriteLineAsync($"{error ?? "Name exactly one CSV file."} Usage: export customers <file.csv> [--force]");
            return 2;
        }
        var path = Path.GetFullPath(parsed.Positional[0]);
        if (File.Exists(path) && !parsed.Has("--force"))
        {
            await output.WriteLineAsync($"File '{path}' exists; add --force to overwrite it.");
            return 2;
        }

        await migrator.MigrateAsync(cancellationToken);
        // Write beside the target and move into place, so a failed export never leaves half a file.
        var partial = path + ".partial";
        long count;
        try
        {
            await using (var writer = new StreamWriter(partial, append: false, new UTF8Encoding(false)))
                count = await exporter.ExportAsync(writer, CliActor.Current, $"export customers {Path.GetFileName(path)}", cancellationToken);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        await output.WriteLineAsync($"Exported {count:N0} customer(s) to {path}.");
        return 0;
    }
}

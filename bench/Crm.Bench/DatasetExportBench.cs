using System.Diagnostics;
using System.Globalization;
using System.Text;
using Crm.Bot.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bench;

/// <summary>
/// `export dataset` over the seeded database through the real verb (the host's composition root): wall time
/// of the whole export, and of the customers table alone, with the machine's load before and after.
/// </summary>
public static class DatasetExportBench
{
    public sealed record Run(string Format, string Person, TimeSpan Wall, string Output, IReadOnlyList<(string File, long Bytes)> Files);

    public static async Task<Run> RunAsync(IServiceProvider services, string format, string person, string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        await using var scope = services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<CliRunner>();
        var output = new StringWriter();
        var clock = Stopwatch.StartNew();
        var exit = await runner.RunAsync(["export", "dataset", "--as", person, "--format", format, "--out", folder], output, output, default);
        clock.Stop();
        if (exit != 0) throw new InvalidOperationException($"export dataset failed ({exit}): {output}");
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), new FileInfo(f).Length)).ToList();
        return new Run(format, person, clock.Elapsed, output.ToString(), files);
    }

    public static string Write(string folder, string database, string databaseSize, long customers, string settings, string command,
        string loadBefore, string loadAfter, IReadOnlyList<Run> runs, IReadOnlyList<(string What, TimeSpan Wall, long Rows)> customersOnly)
    {
        var now = DateTime.UtcNow;
        var path = Path.Combine(folder, $"{now:yyyy-MM-dd-HHmm}-dataset-export.md");
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine($"# Analyst dataset export over {customers:N0} customers ({now:yyyy-MM-dd HH:mm} UTC)");
        md.AppendLine();
        md.AppendLine("Target (issue 16): 1M customers exported in under a minute.");
        md.AppendLine();
        md.AppendLine($"- Command: `{command}`");
        md.AppendLine($"- Database: `{database}`, {databaseSize}; seeded by the real `seed` verb (generated demo data).");
        md.AppendLine($"- Server: a PostgreSQL cluster made for this run with initdb, default durability: {settings}.");
        // The load average says whether anything else was running; compare it with the core count before trusting a figure.
        md.AppendLine($"- Machine: {Environment.ProcessorCount} cores; load average before {loadBefore}, after {loadAfter}.");
        md.AppendLine($"- .NET {Environment.Version}, Release build; the export reads in key-ordered batches of 50,000 rows and writes one Parquet row group (or CSV block) per batch.");
        md.AppendLine();
        md.AppendLine("## Customers table alone");
        md.AppendLine();
        md.AppendLine("| export | rows | wall time | rows/s |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var (what, wall, rows) in customersOnly)
            md.AppendLine(string.Create(inv, $"| {what} | {rows:N0} | {wall.TotalSeconds:N1} s | {rows / Math.Max(wall.TotalSeconds, 0.001):N0} |"));
        md.AppendLine();
        md.AppendLine("## Whole dataset (every table the person may read)");
        foreach (var run in runs)
        {
            md.AppendLine();
            md.AppendLine(string.Create(inv, $"### `--format {run.Format} --as {run.Person}`: {run.Wall.TotalSeconds:N1} s wall"));
            md.AppendLine();
            md.AppendLine("```");
            md.Append(run.Output.TrimEnd()).AppendLine();
            md.AppendLine("```");
            md.AppendLine();
            md.AppendLine(string.Join(", ", run.Files.Select(f => string.Create(inv, $"{f.File} {f.Bytes / 1048576.0:N1} MiB"))));
        }
        File.WriteAllText(path, md.ToString());
        return path;
    }
}

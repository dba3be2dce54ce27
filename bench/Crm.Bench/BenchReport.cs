using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Crm.Bench;

/// <summary>The dated markdown report in bench/results/, with the machine it ran on.</summary>
public sealed class BenchReport(long generated, long seed, string database)
{
    /// <summary>Customers in the database (the generated count plus the fixed record when measured).</summary>
    public long Customers { get; set; } = generated + 1;

    public TimeSpan? SeedWallTime { get; set; }
    public IReadOnlyList<SearchResult> Search { get; set; } = [];
    public string DatabaseSize { get; set; } = "";

    public string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;
        var kind = SeedWallTime is null ? "search" : "seed-and-search";
        var path = Path.Combine(folder, $"{now:yyyy-MM-dd-HHmm}-postgres-{Customers}-customers-{kind}.md");
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {(SeedWallTime is null ? "Search" : "Seed and search")} over {Customers:N0} customers ({now:yyyy-MM-dd HH:mm} UTC)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.MachineName}, `nproc` {Environment.ProcessorCount}, memory {MemoryTotal()}, CPU {CpuModel()}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Database: `{database}` ({DatabaseSize}). The machine is shared with other work, so numbers are indicative.");
        md.AppendLine();
        if (SeedWallTime is { } wall)
        {
            md.AppendLine("## Seed");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"`seed --customers {generated} --seed {seed}` into a fresh database (migrations included): **{wall.TotalSeconds:N0} s** wall time ({wall:mm\\:ss}).");
            md.AppendLine();
        }
        md.AppendLine("## Customer search (`ICustomerSearch`, limit 10, one DI scope per query)");
        md.AppendLine();
        md.AppendLine("| query kind | example | queries | p50 ms | p95 ms | p99 ms | max ms | target found | target first |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in Search)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Kind} | `{r.Example}` | {r.Queries} | {r.P50:F2} | {r.P95:F2} | {r.P99:F2} | {r.Max:F2} | {r.FoundPercent:F0} % | {r.FirstPercent:F0} % |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Load average at the end: {LoadAverage()}.");
        md.AppendLine();
        md.AppendLine("Command: `dotnet run -c Release --project bench/Crm.Bench -- --customers " + generated + (SeedWallTime is null ? " --reuse" : "") + "`.");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    internal static string MemoryTotal()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:")) : null;
        return line is null ? "unknown" : $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0:F1} GiB";
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " (1, 5, 15 min)" : "unknown";

    internal static string CpuModel() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown" : "unknown";
}

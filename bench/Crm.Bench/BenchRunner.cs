using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using Crm.Bot.Cli;
using Crm.Bot.Hosting;
using Crm.Bot.Storage;
using Npgsql;

namespace Crm.Bench;

/// <summary>
/// Seeds a fresh PostgreSQL database through the real `seed` verb (wall time), then measures the
/// customer search over it, and writes a dated markdown report naming the machine.
/// </summary>
public static class BenchRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CliArguments.Parse(args, ["--server", "--customers", "--database", "--queries", "--seed", "--out", "--notes", "--dataset", "--as"], ["--reuse", "--help"], out var error);
        if (parsed is null || parsed.Has("--help"))
        {
            Console.WriteLine(error ?? "");
            Console.WriteLine("""
                Usage: Crm.Bench [--server <connection string>] [--customers N] [--database name] [--queries N] [--seed S] [--notes N] [--reuse] [--out dir]

                  --server     PostgreSQL server to create the database on (default: CRM_BENCH_PG, then CRM_TEST_PG)
                  --customers  generated customers (default 1,000,000)
                  --database   database name (default crm_bench_<customers>); dropped and re-created unless --reuse
                  --queries    measured queries per kind (default 300)
                  --notes      also load N generated notes and measure `find` by the words of notes instead
                               (bench/results/<date>-note-search.md); with --reuse, notes already there are kept
                  --dataset    parquet, csv or both: measure `export dataset` instead of search
                               (bench/results/<date>-<HHMM>-dataset-export.md): the customers table alone, then the whole dataset
                  --as         whose clearance the dataset is exported at (default eve@example.com, who reads every table)
                  --reuse      keep an already seeded database and only measure search
                  --out        results folder (default bench/results)
                """);
            return parsed is null ? 2 : 0;
        }
        if (!parsed.TryInt("--customers", 1_000_000, 0, 1_000_000, out var customers, out error) ||
            !parsed.TryInt("--queries", 300, 10, 100_000, out var queries, out error) ||
            !parsed.TryInt("--seed", 42, int.MinValue, int.MaxValue, out var seed, out error) ||
            !parsed.TryInt("--notes", 0, 0, 50_000_000, out var notes, out error))
        {
            Console.Error.WriteLine(error);
            return 2;
        }

        var server = parsed.Option("--server") ?? Environment.GetEnvironmentVariable("CRM_BENCH_PG") ?? Environment.GetEnvironmentVariable("CRM_TEST_PG")
            ?? "Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres";
        var database = parsed.Option("--database") ?? $"crm_bench_{customers}";
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var report = new BenchReport(customers, seed, database);
        if (parsed.Has("--reuse")) report.Customers = await CustomerCountAsync(connectionString);

        if (!parsed.Has("--reuse"))
        {
            await RecreateAsync(server, database);
            // The real admin verb, through the host's own composition root.
            Environment.SetEnvironmentVariable("ConnectionStrings__Crm", connectionString);
            await using var host = CrmHost.Build([], isCli: true);
            await using var scope = host.Services.CreateAsyncScope();
            var runner = scope.ServiceProvider.GetRequiredService<CliRunner>();
            var clock = Stopwatch.StartNew();
            var exit = await runner.RunAsync(["seed", "--customers", customers.ToString(), "--seed", seed.ToString()], Console.Out, Console.Error, default);
            report.SeedWallTime = clock.Elapsed;
            if (exit != 0) return exit;
        }

        Environment.SetEnvironmentVariable("ConnectionStrings__Crm", connectionString);
        if (parsed.Has("--reuse"))
        {
            // A database kept from an earlier run is brought up to the current schema, as the host does when it starts.
            await using var host = CrmHost.Build([], isCli: true);
            await using var scope = host.Services.CreateAsyncScope();
            foreach (var migration in await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(default))
                Console.WriteLine($"Applied migration {migration}");
        }
        if (parsed.Option("--dataset") is { } formats)
            return await RunDatasetAsync(connectionString, database, report.Customers, formats, parsed.Option("--as") ?? "eve@example.com", args, parsed.Option("--out"));
        if (notes > 0) return await RunNoteSearchAsync(connectionString, database, report.Customers, notes, (int)queries, (int)seed, args, parsed.Option("--out"));
        report.Search = await SearchBench.RunAsync(connectionString, (int)queries, seed);
        report.DatabaseSize = await DatabaseSizeAsync(connectionString);
        var path = report.Write(parsed.Option("--out") ?? Path.Combine(FindRepositoryRoot(), "bench", "results"));
        Console.WriteLine(File.ReadAllText(path));
        Console.WriteLine($"Written to {path}");
        return 0;
    }

    private static async Task<int> RunNoteSearchAsync(string connectionString, string database, long customers, long notes, int queries, int seed,
        string[] args, string? outFolder)
    {
        await using var host = CrmHost.Build([], isCli: true);
        TimeSpan? load = null;
        if (await NoteSearchBench.NoteCountAsync(connectionString) < notes)
        {
            load = await NoteSearchBench.LoadAsync(connectionString, notes, seed);
            Console.WriteLine($"Loaded {notes:N0} notes in {load.Value.TotalSeconds:N0} s");
        }
        var loadBefore = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " (1, 5, 15 min)" : "unknown";
        var results = await NoteSearchBench.RunAsync(host.Services, queries, seed);
        var path = NoteSearchBench.Write(outFolder ?? Path.Combine(FindRepositoryRoot(), "bench", "results"), database, await DatabaseSizeAsync(connectionString),
            customers, await NoteSearchBench.NoteCountAsync(connectionString), load, queries, await ServerSettingsAsync(connectionString),
            "dotnet run -c Release --project bench/Crm.Bench -- " + string.Join(" ", args.Select(a => a.Contains(' ') || a.Contains(';') ? $"'{a}'" : a)), results, loadBefore);
        Console.WriteLine(File.ReadAllText(path));
        Console.WriteLine($"Written to {path}");
        return 0;
    }

    private static async Task<int> RunDatasetAsync(string connectionString, string database, long customers, string formats, string person,
        string[] args, string? outFolder)
    {
        var list = formats == "both" ? new[] { "parquet", "csv" } : [formats];
        await using var host = CrmHost.Build([], isCli: true);
        var scratch = Path.Combine(Path.GetTempPath(), $"crm-bench-dataset-{Environment.ProcessId}");
        var loadBefore = LoadAverage();
        // The customers table alone: a person whose clearance reaches no other table that has many rows is not
        // at hand, so it is timed as the customers file of a marketing export (customers and the timeline; the
        // generated data has no timeline), which reads and writes every customer row.
        var customersOnly = new List<(string, TimeSpan, long)>();
        foreach (var format in list)
        {
            var alone = await DatasetExportBench.RunAsync(host.Services, format, "mia@example.com", Path.Combine(scratch, $"customers-{format}"));
            customersOnly.Add(($"`export dataset --as mia@example.com --format {format}` (customers + timeline)", alone.Wall, customers));
            Console.WriteLine($"customers alone ({format}): {alone.Wall.TotalSeconds:N1} s");
        }
        var runs = new List<DatasetExportBench.Run>();
        foreach (var format in list)
        {
            var run = await DatasetExportBench.RunAsync(host.Services, format, person, Path.Combine(scratch, $"all-{format}"));
            Console.WriteLine($"whole dataset ({format}): {run.Wall.TotalSeconds:N1} s");
            runs.Add(run);
        }
        Directory.Delete(scratch, recursive: true);
        var path = DatasetExportBench.Write(outFolder ?? Path.Combine(FindRepositoryRoot(), "bench", "results"), database, await DatabaseSizeAsync(connectionString),
            customers, await ServerSettingsAsync(connectionString),
            "dotnet run -c Release --project bench/Crm.Bench -- " + string.Join(" ", args.Select(a => a.Contains(' ') || a.Contains(';') ? $"'{a}'" : a)),
            loadBefore, LoadAverage(), runs, customersOnly);
        Console.WriteLine(File.ReadAllText(path));
        Console.WriteLine($"Written to {path}");
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " (1, 5, 15 min)" : "unknown";

    /// <summary>The durability settings and the memory the server was given, as results must state them.</summary>
    private static async Task<string> ServerSettingsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var names = new[] { "fsync", "synchronous_commit", "full_page_writes", "wal_level", "shared_buffers", "work_mem", "maintenance_work_mem", "max_wal_size" };
        var parts = new List<string>();
        foreach (var name in names)
        {
            await using var show = new NpgsqlCommand($"SHOW {name}", connection);
            parts.Add($"{name}={(string)(await show.ExecuteScalarAsync())!}");
        }
        return string.Join(", ", parts);
    }

    private static async Task RecreateAsync(string server, string database)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection)) await create.ExecuteNonQueryAsync();
    }

    private static async Task<long> CustomerCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM customers", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<string> DatabaseSizeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand("SELECT pg_size_pretty(pg_database_size(current_database())) || ', PostgreSQL ' || current_setting('server_version')", connection);
        return (string)(await size.ExecuteScalarAsync())!;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crm.Bot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}

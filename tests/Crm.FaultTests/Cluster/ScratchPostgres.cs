using System.Diagnostics;

namespace Crm.FaultTests.Cluster;

/// <summary>
/// A PostgreSQL cluster of the harness's own (initdb in a temp folder, a free port, default
/// durability: fsync and synchronous_commit on), so scenarios may restart it without touching a
/// shared server. As root, PostgreSQL's tools run as the postgres user, as scripts/test.sh does.
/// </summary>
public sealed class ScratchPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;

    private ScratchPostgres(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_dir, "data");

    public string ServerConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public static async Task<ScratchPostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists)
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).LastOrDefault()
            : null;
        bin ??= Path.GetDirectoryName(Which("initdb")) ?? throw new InvalidOperationException("PostgreSQL's initdb was not found (install PostgreSQL: scripts/test.sh does).");
        var dir = Directory.CreateTempSubdirectory("crm-fault-pg.").FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        if (IsRoot) await RunAsync("chown", "postgres", dir);
        var pg = new ScratchPostgres(bin, dir, FreePort.Next());
        await pg.RunPgAsync("initdb", "-D", pg.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
        await pg.StartServerAsync();
        return pg;
    }

    /// <summary>A fast restart (clients are disconnected, the server shuts down cleanly and starts again).</summary>
    public Task RestartAsync() => RunPgAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "restart");

    /// <summary>The settings that decide what a commit costs, as the server reports them.</summary>
    public string DurabilitySettings { get; private set; } = "";

    private async Task StartServerAsync()
    {
        // Only the connection limit is raised (three hosts with their pools); durability stays as shipped.
        await RunPgAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_dir, "log"), "-w",
            "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c max_connections=300", "start");
        await using var connection = new Npgsql.NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        var settings = new List<string>();
        foreach (var name in new[] { "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "server_version" })
        {
            await using var command = new Npgsql.NpgsqlCommand($"SHOW {name}", connection);
            settings.Add($"{name}={await command.ExecuteScalarAsync()}");
        }
        DurabilitySettings = string.Join(", ", settings);
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunPgAsync(string tool, params string[] args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args]) : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, name)).FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        try { await RunPgAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "stop"); }
        catch (InvalidOperationException) { /* already stopped */ }
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}

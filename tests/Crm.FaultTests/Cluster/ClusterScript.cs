using System.Diagnostics;
using Crm.Testing;

namespace Crm.FaultTests.Cluster;

/// <summary>
/// <c>scripts/cluster.sh</c> — the production topology on one machine, as an operator starts it — driven
/// from the tests: every call gets the same environment (the platforms' settings, the build to run).
/// </summary>
public sealed class ClusterScript(string directory, IReadOnlyDictionary<string, string> environment)
{
    public string Directory { get; } = directory;

    /// <summary>Runs one action (start, restart NAME, kill NAME, start-host NAME, restart-postgres, stop); its output.</summary>
    public async Task<string> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(RepositoryRoot.PathOf("scripts", "cluster.sh"));
        info.ArgumentList.Add(args[0]);
        info.ArgumentList.Add(Directory);
        foreach (var arg in args.Skip(1)) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(4));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await stdout}{await stderr}");
        return (await stdout).Trim();
    }

    /// <summary>A value from <c>DIR/cluster.env</c> (PROXY_URL, CHAT1_PORT, PG_CONN, …).</summary>
    public string Setting(string name) =>
        File.ReadLines(Path.Combine(Directory, "cluster.env")).Select(l => l.Split('=', 2)).Single(p => p[0] == name)[1];
}

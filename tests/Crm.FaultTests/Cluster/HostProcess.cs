namespace Crm.FaultTests.Cluster;

/// <summary>
/// One Crm.Bot host of the cluster (<c>dotnet Crm.Bot.dll</c>, started by <c>scripts/cluster.sh</c>,
/// configured by environment variables as an operator would), on its own loopback port. Its output goes
/// to <c>DIR/&lt;name&gt;.log</c> (named in failures).
/// </summary>
public sealed class HostProcess(string name, ClusterScript cluster)
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    public string Name { get; } = name;
    public int Port { get; } = int.Parse(cluster.Setting($"{name.ToUpperInvariant()}_PORT"));
    public string LogPath => Path.Combine(cluster.Directory, Name + ".log");
    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>The process id while it runs (a host's direct-answer claims name it), else 0.</summary>
    public int Pid
    {
        get
        {
            try { return int.TryParse(File.ReadAllText(Path.Combine(cluster.Directory, Name + ".pid")).Trim(), out var pid) && IsAlive(pid) ? pid : 0; }
            catch (IOException) { return 0; }
        }
    }

    public bool Running => Pid != 0;

    /// <summary>Started by the script, which waits until <c>/readyz</c> answers 200.</summary>
    public Task StartAsync() => cluster.RunAsync("start-host", Name);

    /// <summary>SIGKILL: no shutdown, no draining, whatever was in flight stays in flight.</summary>
    public Task KillAsync() => cluster.RunAsync("kill", Name);

    public async Task<int> ReadyStatusAsync()
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri(Address, "readyz"));
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Polls <c>/readyz</c> until it answers 200.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var last = 0;
        while (DateTime.UtcNow < until)
        {
            if (!Running)
                throw new InvalidOperationException($"Host {Name} is not running; see {LogPath}:\n{Tail()}");
            last = await ReadyStatusAsync();
            if (last == 200) return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Host {Name} not ready within {timeout} (last /readyz: {last}); see {LogPath}:\n{Tail()}");
    }

    public string Tail(int lines = 30)
    {
        try { return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines)); }
        catch (IOException) { return ""; }
    }

    // Not a child of the tests (the script started it): alive while /proc has it and it is no zombie.
    private static bool IsAlive(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(") ", 2) is [_, var rest] && !rest.StartsWith('Z'); }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return true; }
    }
}

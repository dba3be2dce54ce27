using System.Diagnostics;

namespace Crm.FaultTests.Cluster;

/// <summary>
/// One Crm.Bot host as a real process (<c>dotnet Crm.Bot.dll</c>), configured by environment
/// variables as an operator would, on its own loopback port. Its output goes to a log file in the
/// harness's folder (named in failures).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    public HostProcess(string name, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        Name = name;
        Port = FreePort.Next();
        _environment = environment;
        LogPath = Path.Combine(logDirectory, name + ".log");
    }

    public string Name { get; }
    public int Port { get; }
    public string LogPath { get; }
    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>The process id while it runs (a host's direct-answer claims name it).</summary>
    public int Pid => _process?.Id ?? 0;

    public bool Running => _process is { HasExited: false };

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // exec: the host is the shell's process itself, so the id killed is the host's.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec dotnet \"{BuiltOutput.CrmBot}\" >>\"{LogPath}\" 2>&1");
        foreach (var (key, value) in _environment) info.Environment[key] = value;
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}";
        _process = Process.Start(info)!;
        await WaitReadyAsync(timeout ?? TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILL: no shutdown, no draining, whatever was in flight stays in flight.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

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
            if (_process is { HasExited: true })
                throw new InvalidOperationException($"Host {Name} exited ({_process.ExitCode}); see {LogPath}:\n{Tail()}");
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

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}

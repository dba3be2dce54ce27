using System.Diagnostics;
using System.Text;

namespace Crm.Bot.Tests.Console;

/// <summary>
/// The built host (Crm.Bot.dll beside the tests) started as its own process, as an operator starts it:
/// what it prints and how it ends are what a person sees.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly string _home;

    private HostProcess(Process process, string home)
    {
        _process = process;
        _home = home;
    }

    public static HostProcess Start(params string[] args)
    {
        var home = Directory.CreateTempSubdirectory("crm-host-").FullName;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Crm.Bot.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Nothing of this machine's own settings or files: a fresh home, no platform credentials.
        start.Environment["HOME"] = home;
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Slack__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Teams__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Console__", StringComparison.OrdinalIgnoreCase)
                     || k.Equals("ASPNETCORE_URLS", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        var process = new Process { StartInfo = start };
        var host = new HostProcess(process, home);
        process.OutputDataReceived += (_, e) => host.Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => host.Append("err", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private void Append(string stream, string? line)
    {
        if (line is null) return;
        lock (_gate) _output.Append(stream).Append(": ").AppendLine(line);
    }

    /// <summary>Everything printed so far, each line marked "out: " or "err: ".</summary>
    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    /// <summary>The exit code, or null when the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            _process.WaitForExit(); // drains the output readers
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Waits until the output holds a match of <paramref name="pattern"/>; null when it does not within the time.</summary>
    public async Task<System.Text.RegularExpressions.Match?> WaitForAsync(string pattern, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until && !_process.HasExited)
        {
            var match = System.Text.RegularExpressions.Regex.Match(Output, pattern);
            if (match.Success) return match;
            await Task.Delay(100);
        }
        var last = System.Text.RegularExpressions.Regex.Match(Output, pattern);
        return last.Success ? last : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { /* a file still held: the temp folder is cleaned later */ }
    }
}

using System.Globalization;
using System.Runtime.InteropServices;
using Crm.Slack.Bench;
using Crm.Testing.Slack;

var settings = BenchSettings.Parse(args, out var error);
if (settings is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

// The host asks "Slack" who U0AVA is and posts late answers to response_url: this fake answers both.
await using var slack = await FakeSlackServer.StartAsync(settings.SlackPort);
Console.WriteLine($"Fake Slack Web API: {slack.ApiBaseUrl}");

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    Timeout = TimeSpan.FromSeconds(10),
};
var load = new SlashCommandLoad(settings, client, slack.ResponseUrl("bench"));

Console.WriteLine($"Warm-up {settings.Warmup.TotalSeconds:N0} s …");
await load.RunAsync(settings.Warmup, CancellationToken.None);
var hostPeakBefore = HostPeakMb(settings.HostPid);
var loadBefore = LoadAverage();
Console.WriteLine($"Measuring {settings.Duration.TotalSeconds:N0} s at concurrency {settings.Concurrency} …");
var result = await load.RunAsync(settings.Duration, CancellationToken.None);
var hostPeak = HostPeakMb(settings.HostPid);

var report = string.Join('\n',
    $"# Slack `/crm show <customer>` load — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC",
    "",
    settings.Note ?? "",
    "",
    "| measure | value |",
    "|---|---|",
    $"| concurrency | {settings.Concurrency} |",
    $"| duration (measured, after {settings.Warmup.TotalSeconds:N0} s warm-up) | {result.Elapsed.TotalSeconds:N1} s |",
    $"| customers in the database | {settings.Customers:N0} generated + fixed demo records |",
    $"| requests | {result.Requests:N0} |",
    $"| throughput | {result.Throughput:N0} req/s |",
    $"| p50 | {result.Percentile(50):N1} ms |",
    $"| p99 | {result.Percentile(99):N1} ms |",
    $"| max | {result.Percentile(100):N1} ms |",
    $"| errors | {result.Errors:N0} |",
    $"| answered late (ack + response_url) | {result.Late:N0} |",
    $"| host peak memory (VmHWM) | {(hostPeak is { } mb ? $"{mb:N0} MB" : "n/a (no --host-pid)")} |",
    $"| host peak memory before the measured run | {(hostPeakBefore is { } before ? $"{before:N0} MB" : "n/a")} |",
    $"| machine | {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription} |",
    $"| load average (1 min) before / after | {loadBefore} / {LoadAverage()} (other work on the machine competes for the cores) |",
    "",
    result.ErrorSamples.Count == 0 ? "" : "Error samples:\n\n" + string.Join('\n', result.ErrorSamples.Select(s => $"- `{s}`")),
    "");
Console.WriteLine(report);
if (settings.Output is { } output)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    await File.WriteAllTextAsync(output, report);
}
return result.Errors == 0 ? 0 : 1;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static double? HostPeakMb(int? pid)
{
    if (pid is null) return null;
    var status = $"/proc/{pid}/status";
    if (!File.Exists(status)) return null;
    var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

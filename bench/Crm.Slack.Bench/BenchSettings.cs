using System.Globalization;

namespace Crm.Slack.Bench;

/// <summary>Command-line settings of the load generator.</summary>
internal sealed record BenchSettings(
    Uri Url,
    string Secret,
    int Concurrency,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Customers,
    string User,
    string Channel,
    int? HostPid,
    int SlackPort,
    string? Output,
    string? Note,
    string Text = "show C-{n}")
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Crm.Slack.Bench -- --url http://127.0.0.1:5080 --secret S
                 [--concurrency 32] [--duration 30] [--warmup 20] [--customers 100000] [--user U0AVA]
                 [--channel C0SALES] [--text 'show C-{n}'] [--host-pid PID] [--slack-port 5399] [--out bench/results/FILE.md] [--note TEXT]

        Sends genuinely signed `/crm show C-<n>` slash commands (n random among the seeded customers) to a
        running host and reports throughput, p50/p99 latency, errors and the host's peak memory.
        It starts a fake Slack Web API on 127.0.0.1:<slack-port> (users.info, response_url): run the host
        with Slack__ApiBaseUrl=http://127.0.0.1:<slack-port>/api/. bench/Crm.Slack.Bench/run.sh does it all.
        """;

    public static BenchSettings? Parse(string[] args, out string? error)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = $"Unexpected '{args[i]}'.";
                return null;
            }
            map[args[i][2..]] = args[i + 1];
        }
        error = null;
        if (!map.TryGetValue("url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !map.TryGetValue("secret", out var secret))
        {
            error = "--url and --secret are required.";
            return null;
        }
        int Int(string key, int fallback) => map.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchSettings(uri, secret, Int("concurrency", 32), TimeSpan.FromSeconds(Int("duration", 30)), TimeSpan.FromSeconds(Int("warmup", 20)),
            Int("customers", 100_000), map.GetValueOrDefault("user", "U0AVA"), map.GetValueOrDefault("channel", "C0SALES"),
            map.TryGetValue("host-pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : null, Int("slack-port", 5399),
            map.GetValueOrDefault("out"), map.GetValueOrDefault("note"), map.GetValueOrDefault("text", "show C-{n}"));
    }
}

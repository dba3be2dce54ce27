using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Crm.Testing.Slack;

namespace Crm.Slack.Bench;

/// <summary>Runs workers that each send one signed slash command after another until the time is up.</summary>
internal sealed class SlashCommandLoad(BenchSettings settings, HttpClient client, string responseUrl)
{
    public async Task<LoadResult> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[settings.Concurrency];
        var errors = new int[settings.Concurrency];
        var late = new int[settings.Concurrency];
        var samples = new List<string>();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, settings.Concurrency).Select(w => Task.Run(async () =>
        {
            latencies[w] = new List<double>(100_000);
            var random = new Random(w * 7919 + 17);
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var number = 1001 + random.Next(0, settings.Customers + 1);
                var body = SlackSigner.Form(
                    ("team_id", "T0DEMO"), ("team_domain", "demo"), ("channel_id", settings.Channel), ("channel_name", "sales"),
                    ("user_id", settings.User), ("user_name", "bench"), ("command", "/crm"), ("text", settings.Text.Replace("{n}", number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)),
                    ("api_app_id", "A0CRM"), ("response_url", responseUrl), ("trigger_id", $"{w}.{Guid.NewGuid():N}"));
                using var request = SlackSigner.Request(new Uri(settings.Url, "/slack/commands").ToString(), body, "application/x-www-form-urlencoded", settings.Secret);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request, cancellationToken);
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    latencies[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    var verdict = Judge(response.StatusCode, text);
                    if (verdict == Verdict.Late) late[w]++;
                    if (verdict == Verdict.Error)
                    {
                        errors[w]++;
                        lock (samples) if (samples.Count < 5) samples.Add($"{(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    errors[w]++;
                    lock (samples) if (samples.Count < 5) samples.Add(e.GetType().Name + ": " + e.Message);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all, errors.Sum(), late.Sum(), clock.Elapsed, samples);
    }

    private enum Verdict { Ok, Late, Error }

    /// <summary>A 200 with a rendered answer is success; "Working on it" means the answer came late via response_url.</summary>
    private static Verdict Judge(HttpStatusCode status, string body)
    {
        if (status != HttpStatusCode.OK || body.Length == 0) return Verdict.Error;
        using var json = JsonDocument.Parse(body);
        var text = json.RootElement.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
        if (text.StartsWith("Working on it", StringComparison.Ordinal)) return Verdict.Late;
        if (text.Contains("Something went wrong", StringComparison.Ordinal) || !json.RootElement.TryGetProperty("blocks", out _)) return Verdict.Error;
        return Verdict.Ok;
    }
}

internal sealed record LoadResult(double[] SortedLatenciesMs, int Errors, int Late, TimeSpan Elapsed, IReadOnlyList<string> ErrorSamples)
{
    public int Requests => SortedLatenciesMs.Length;
    public double Throughput => Requests / Elapsed.TotalSeconds;
    public double Percentile(double p) => SortedLatenciesMs.Length == 0 ? double.NaN : SortedLatenciesMs[Math.Min(SortedLatenciesMs.Length - 1, (int)Math.Ceiling(p / 100 * SortedLatenciesMs.Length) - 1)];
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Crm.Domain.Demo;
using Crm.Testing.Teams;

namespace Crm.Teams.Bench;

/// <summary>
/// Workers that each post one `show C-…` activity after another. Tokens come from a pool minted just
/// before the run (RS256 signing is the load generator's cost, not the bot's, and would otherwise take
/// the cores the host needs); the host validates every one in full, it keeps no per-token cache.
/// </summary>
internal sealed class ActivityLoad(HttpClient client, Uri host, TeamsActivityFactory activities, IReadOnlyList<string> tokens, int concurrency, int customers)
{
    public const int Conversations = 4096;

    private int _next;
    private int _runs;

    public async Task<LoadResult> RunAsync(TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var errors = new int[concurrency];
        var samples = new List<string>();
        var template = new ActivityTemplate(activities, DemoDirectory.FindByEmail("sam@example.com")!);
        var endpoint = new Uri(host, "/api/messages");
        // Activity ids are unique across runs of one process (warm-up and measurement): a run number, then a sequence.
        var run = Interlocked.Increment(ref _runs);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            latencies[w] = new List<double>(50_000);
            var random = new Random(w * 7919 + 17);
            while (clock.Elapsed < duration)
            {
                var sequence = Interlocked.Increment(ref _next);
                // Spread over many group chats: Teams allows a bot only a few messages per conversation per
                // second, so load aimed at one or two conversations would measure pacing, not the bot.
                var body = template.Fill($"1{run}{sequence:D9}", DateTimeOffset.UtcNow, random.Next(0, Conversations), 1001 + random.Next(0, customers + 1));
                var token = tokens[(int)((uint)sequence % (uint)tokens.Count)];
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } },
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request);
                    await response.Content.ReadAsStringAsync();
                    latencies[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        errors[w]++;
                        lock (samples) if (samples.Count < 5) samples.Add($"HTTP {(int)response.StatusCode}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    errors[w]++;
                    lock (samples) if (samples.Count < 5) samples.Add($"{e.GetType().Name}: {e.Message}");
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return new LoadResult(latencies.SelectMany(l => l).Order().ToArray(), errors.Sum(), clock.Elapsed, samples);
    }
}

internal sealed record LoadResult(double[] SortedLatenciesMs, int Errors, TimeSpan Elapsed, IReadOnlyList<string> ErrorSamples)
{
    public int Requests => SortedLatenciesMs.Length;
    public double Throughput => Requests / Elapsed.TotalSeconds;
    public double Percentile(double p) => SortedLatenciesMs.Length == 0 ? double.NaN : SortedLatenciesMs[Math.Min(SortedLatenciesMs.Length - 1, (int)Math.Ceiling(p / 100 * SortedLatenciesMs.Length) - 1)];
}

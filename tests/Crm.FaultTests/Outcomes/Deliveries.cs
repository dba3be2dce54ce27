using Crm.FaultTests.Cluster;

namespace Crm.FaultTests.Outcomes;

/// <summary>What the fakes received for a set of expected answers, each named by its key.</summary>
public sealed class Deliveries(IReadOnlyList<Post> posts, IReadOnlyCollection<string> expectedKeys)
{
    public IReadOnlyList<Post> Posts { get; } = posts;

    /// <summary>Accepted posts per expected key.</summary>
    public IReadOnlyDictionary<string, int> DeliveredPerKey { get; } = expectedKeys.ToDictionary(
        k => k, k => posts.Count(p => p.Key == k && p.Delivered));

    public IReadOnlyList<string> Missing => DeliveredPerKey.Where(k => k.Value == 0).Select(k => k.Key).ToArray();

    /// <summary>Answers posted more than once (each extra accepted post counts one).</summary>
    public int Duplicates => DeliveredPerKey.Values.Sum(n => Math.Max(0, n - 1));

    /// <summary>Attempts per expected key that the fakes refused (429, 5xx, reset).</summary>
    public IReadOnlyDictionary<string, int> RefusedPerKey => expectedKeys.ToDictionary(k => k, k => Posts.Count(p => p.Key == k && !p.Delivered));

    /// <summary>Accepted posts that answer none of the expected keys (e.g. an error shown only to the asker).</summary>
    public IReadOnlyList<Post> Unexpected => Posts.Where(p => p.Delivered && !DeliveredPerKey.ContainsKey(p.Key)).ToArray();

    public string Describe() =>
        $"{DeliveredPerKey.Count} expected, {DeliveredPerKey.Count(k => k.Value > 0)} delivered, {Missing.Count} missing, {Duplicates} duplicate(s), " +
        $"{Posts.Count(p => !p.Delivered)} refused attempt(s); missing: [{string.Join(", ", Missing.Take(10))}]; " +
        $"{Unexpected.Count} other post(s) [{string.Join(" | ", Unexpected.Take(3).Select(p => $"{p.Method} {p.Channel}: {p.Text}"))}]";

    /// <summary>
    /// Every post into <paramref name="channel"/> that arrived while a 429 before it still asked the
    /// sender to wait: (the 429, the early post, how early in ms). <paramref name="toleranceMs"/>
    /// covers the two clock reads in the fakes process only.
    /// </summary>
    public IReadOnlyList<(Post RateLimited, Post Early, double EarlyByMs)> RetryAfterViolations(string channel, double toleranceMs)
    {
        var inChannel = Posts.Where(p => p.Channel == channel).OrderBy(p => p.ArrivedAtMs).ToArray();
        var found = new List<(Post, Post, double)>();
        foreach (var limited in inChannel.Where(p => p.Status == 429 && p.RetryAfterSeconds is not null))
        {
            var until = limited.ArrivedAtMs + limited.RetryAfterSeconds!.Value * 1000.0;
            foreach (var next in inChannel.Where(p => p.Seq != limited.Seq && p.ArrivedAtMs > limited.ArrivedAtMs && p.ArrivedAtMs < until - toleranceMs))
                found.Add((limited, next, until - next.ArrivedAtMs));
        }
        return found;
    }
}

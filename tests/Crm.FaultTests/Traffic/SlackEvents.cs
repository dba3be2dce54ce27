using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Crm.FaultTests.Cluster;
using Crm.Testing.Slack;

namespace Crm.FaultTests.Traffic;

/// <summary>
/// Sends @mentions to the chat hosts as Slack's Events API does: signed with the app's secret, and
/// sent again (with <c>X-Slack-Retry-Num</c> / <c>X-Slack-Retry-Reason</c>) when no 200 came back —
/// to whichever host the load balancer picks, here the other one.
/// </summary>
public sealed class SlackEvents
{
    // Slack waits 3 s for an answer; a host that answers later is retried. The harness is gentler
    // (a busy 2-core machine), but a request must end.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private static long _sequence;

    /// <summary>Mentions with message ts no earlier run used (so every answer's thread names one mention).</summary>
    public static IReadOnlyList<SlackMention> Make(int count, IReadOnlyList<(string Channel, string User)> where, string text = "show acme")
    {
        var run = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Enumerable.Range(0, count).Select(i =>
        {
            var n = Interlocked.Increment(ref _sequence);
            var (channel, user) = where[i % where.Count];
            return new SlackMention($"Ev{run:X}{n:D6}", channel, user, $"{run}.{n:D6}", $"<@U0BOT> {text}");
        }).ToArray();
    }

    /// <summary>One delivery attempt; the HTTP status, or 0 when the host could not be reached or did not answer.</summary>
    public static async Task<int> SendAsync(HostProcess host, SlackMention mention, int retryNum = 0, string retryReason = "http_error")
    {
        var e = new JsonObject
        {
            ["type"] = "app_mention", ["user"] = mention.User, ["channel"] = mention.Channel, ["text"] = mention.Text, ["ts"] = mention.Ts,
            ["event_ts"] = mention.Ts,
        };
        var body = new JsonObject
        {
            ["token"] = "x",
            ["team_id"] = "T0DEMO",
            ["api_app_id"] = "A0CRM",
            ["type"] = "event_callback",
            ["event_id"] = mention.EventId,
            ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["event"] = e,
            ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = "T0DEMO", ["user_id"] = "U0BOT", ["is_bot"] = true }),
        }.ToJsonString();
        using var request = SlackSigner.Request(new Uri(host.Address, "slack/events").ToString(), body, "application/json", FaultCluster.SigningSecret);
        if (retryNum > 0)
        {
            request.Headers.Add("X-Slack-Retry-Num", retryNum.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", retryReason);
        }
        try
        {
            using var response = await Http.SendAsync(request);
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Delivers a mention until a host acknowledges it with 200, as Slack would: a refusal (5xx) or no
    /// answer is retried at the other host, with the retry headers, after <paramref name="pause"/>.
    /// Returns the statuses of every attempt. <paramref name="firstRetryNum"/> &gt; 0 sends the first
    /// attempt already as Slack's retry after a timeout (the original went to another host).
    /// </summary>
    public static async Task<IReadOnlyList<int>> DeliverAsync(SlackMention mention, IReadOnlyList<HostProcess> hosts, int first, TimeSpan pause, DateTime giveUpAt, int firstRetryNum = 0)
    {
        var statuses = new List<int>();
        for (var attempt = 0; ; attempt++)
        {
            var host = hosts[(first + attempt) % hosts.Count];
            var reason = attempt == 0 ? "http_timeout" : status0Reason(statuses);
            var status = await SendAsync(host, mention, firstRetryNum + attempt, reason);
            statuses.Add(status);
            if (status == (int)HttpStatusCode.OK || DateTime.UtcNow > giveUpAt) return statuses;
            await Task.Delay(pause);
        }

        static string status0Reason(List<int> before) => before.Count > 0 && before[^1] == 0 ? "http_timeout" : "http_error";
    }
}

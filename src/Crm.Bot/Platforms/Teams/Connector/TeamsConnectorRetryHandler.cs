using System.Net;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// The Bot Connector answers worth an immediate retry — throttling (429, 412) and passing gateway
/// errors (502, 503, 504), or no connection at all — up to three times, after the server's
/// Retry-After or else an exponential backoff with jitter, as long as the wait is at most 10 s.
/// Longer waits go back to the outbox dispatcher, which schedules the retry.
/// </summary>
internal sealed class TeamsConnectorRetryHandler(TimeProvider time) : ShortWaitRetryHandler(time)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(400);

    protected override int MaxRetries => 3;

    protected override TimeSpan MaxWait => TimeSpan.FromSeconds(10);

    protected override TimeSpan? WaitAfter(HttpResponseMessage response, int retry) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            ? RetryAfter(response) ?? Backoff(retry)
            : null;

    protected override TimeSpan? WaitAfterNoAnswer(int retry) => Backoff(retry);

    /// <summary>400 ms, 800 ms, 1.6 s … each give or take a quarter, so throttled senders do not retry in step.</summary>
    internal static TimeSpan Backoff(int retry) =>
        FirstBackoff * Math.Pow(2, retry) * (0.75 + Random.Shared.NextDouble() / 2);
}

using System.Net;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Retries the Bot Connector answers worth an immediate retry — throttling (429, 412) and passing
/// gateway errors (502, 503, 504), or no connection at all — up to three times, after the server's
/// Retry-After or else an exponential backoff with jitter, as long as the wait is short. Longer waits
/// go back to the outbox dispatcher, which schedules the retry. Every answer goes through here, so it
/// is a plain handler rather than a general resilience pipeline.
/// </summary>
internal sealed class TeamsConnectorRetryHandler(TimeProvider time) : DelegatingHandler
{
    public const int MaxRetries = 3;
    public static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(400);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (retry < MaxRetries)
            {
                await Task.Delay(Backoff(retry), time, cancellationToken);
                continue;
            }
            if (retry == MaxRetries || !Retryable(response.StatusCode))
                return response;
            var wait = TeamsConnectorClient.RetryAfter(response) ?? Backoff(retry);
            if (wait > MaxInlineWait)
                return response;
            response.Dispose();
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, cancellationToken);
        }
    }

    private static bool Retryable(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>400 ms, 800 ms, 1.6 s … each give or take a quarter, so throttled senders do not retry in step.</summary>
    internal static TimeSpan Backoff(int retry) =>
        FirstBackoff * Math.Pow(2, retry) * (0.75 + Random.Shared.NextDouble() / 2);
}

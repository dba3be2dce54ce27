using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Which Bot Connector answers are worth an immediate retry (with exponential backoff, jitter and
/// the server's Retry-After): throttling and passing gateway errors, when the wait is short.
/// Longer waits go back to the outbox dispatcher, which schedules the retry.
/// </summary>
internal static class TeamsConnectorRetry
{
    public static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(10);

    public static HttpRetryStrategyOptions Options() => new()
    {
        MaxRetryAttempts = 3,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromMilliseconds(400),
        ShouldRetryAfterHeader = true,
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
    };

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is HttpRequestException)
            return true;
        if (outcome.Result is not { } response)
            return false;
        var retryable = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
            or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout or HttpStatusCode.ServiceUnavailable;
        return retryable && (TeamsConnectorClient.RetryAfter(response) ?? TimeSpan.Zero) <= MaxInlineWait;
    }
}

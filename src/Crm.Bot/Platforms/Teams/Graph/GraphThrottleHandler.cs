using System.Net;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Honours Graph's Retry-After on 429 and 503 while the wait is short enough for a chat answer;
/// a longer wait is passed up, and the directory then falls back to its cache or says so.
/// </summary>
internal sealed class GraphThrottleHandler(IOptions<GraphOptions> options, TimeProvider time) : ShortWaitRetryHandler(time)
{
    protected override int MaxRetries => 2;

    protected override TimeSpan MaxWait => TimeSpan.FromSeconds(options.Value.MaxRetryAfterSeconds);

    protected override TimeSpan? WaitAfter(HttpResponseMessage response, int retry)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            return null;
        var told = RetryAfter(response);
        // A 503 without Retry-After is an outage, not throttling: the cache decides what happens next.
        if (told is null && response.StatusCode == HttpStatusCode.ServiceUnavailable)
            return null;
        return told ?? TimeSpan.FromMilliseconds(500 * (retry + 1));
    }
}

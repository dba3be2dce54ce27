using System.Net;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Honours Graph's Retry-After on 429 and 503 while the wait is short enough for a chat answer;
/// a longer wait is passed up, and the directory then falls back to its cache or says so.
/// </summary>
internal sealed class GraphThrottleHandler(IOptions<GraphOptions> options, TimeProvider time) : DelegatingHandler
{
    private const int MaxAttempts = 3;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var maxWait = TimeSpan.FromSeconds(options.Value.MaxRetryAfterSeconds);
        for (var attempt = 1; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || attempt == MaxAttempts)
                return response;
            var told = TeamsConnectorClient.RetryAfter(response);
            // A 503 without Retry-After is an outage, not throttling: the cache decides what happens next.
            if (told is null && response.StatusCode == HttpStatusCode.ServiceUnavailable)
                return response;
            var wait = told ?? TimeSpan.FromMilliseconds(500 * attempt);
            if (wait > maxWait)
                return response;
            response.Dispose();
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, cancellationToken);
        }
    }
}

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Retries, inside the call, the answers a service means as "try again shortly" — after its
/// Retry-After, or else a wait of the subclass's choosing — while the wait stays short; a longer wait
/// is passed up for the caller to schedule or to report. Microsoft's services here (the Bot Connector,
/// Graph) differ only in which answers are worth it, how often and how long.
/// </summary>
internal abstract class ShortWaitRetryHandler(TimeProvider time) : DelegatingHandler
{
    protected abstract int MaxRetries { get; }

    /// <summary>The longest wait taken inside the call.</summary>
    protected abstract TimeSpan MaxWait { get; }

    /// <summary>How long to wait before retrying after <paramref name="response"/>, or null when it is not worth retrying.</summary>
    protected abstract TimeSpan? WaitAfter(HttpResponseMessage response, int retry);

    /// <summary>How long to wait before retrying when no answer came at all (no connection), or null to pass the failure up.</summary>
    protected virtual TimeSpan? WaitAfterNoAnswer(int retry) => null;

    /// <summary>The server's Retry-After, as seconds or as a date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (retry < MaxRetries && WaitAfterNoAnswer(retry) is { } pause && pause <= MaxWait)
            {
                await Task.Delay(pause, time, cancellationToken);
                continue;
            }
            if (retry == MaxRetries || WaitAfter(response, retry) is not { } wait || wait > MaxWait)
                return response;
            response.Dispose();
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, cancellationToken);
        }
    }
}

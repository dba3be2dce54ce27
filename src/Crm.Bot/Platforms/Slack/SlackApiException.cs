namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// A Web API call that did not succeed. <see cref="IsPermanent"/> failures (channel_not_found,
/// invalid_auth, …) are recorded and never retried; transient ones (ratelimited, 5xx, timeouts) may be.
/// </summary>
public sealed class SlackApiException(string method, string error, bool isPermanent, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception($"Slack {method} failed: {error}", inner)
{
    public string Method { get; } = method;
    public string Error { get; } = error;
    public bool IsPermanent { get; } = isPermanent;
    /// <summary>How long Slack asked us to wait (HTTP 429 Retry-After).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

namespace Crm.Bot.Platforms.Slack;

/// <summary>Which Web API error codes are worth retrying. Anything else is permanent: retrying cannot fix it.</summary>
internal static class SlackErrorCodes
{
    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "ratelimited",
        "rate_limited",
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "timeout",
        "http_5xx",
    };

    public static bool IsTransient(string code) => Transient.Contains(code);
}

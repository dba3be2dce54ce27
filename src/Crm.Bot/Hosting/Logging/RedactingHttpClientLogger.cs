using System.Text.RegularExpressions;
using Microsoft.Extensions.Http.Logging;

namespace Crm.Bot.Hosting.Logging;

/// <summary>
/// Replaces IHttpClientFactory's request logging, which writes every request URI: a Slack
/// response_url is a bearer credential for 30 minutes, and Graph (<c>/users/{object id or UPN}</c>)
/// and Slack (<c>users.lookupByEmail?email=…</c>) put personal data into URLs. One line per request
/// names the method, the host, the path with every segment that is not a plain word replaced by
/// <c>{…}</c>, no query, and the status.
/// </summary>
public sealed partial class RedactingHttpClientLogger(ILogger logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        logger.LogInformation("HTTP {Method} {Url} answered {Status} in {Elapsed:0} ms", request.Method, Redact(request.RequestUri), (int)response.StatusCode,
            elapsed.TotalMilliseconds);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        logger.LogWarning("HTTP {Method} {Url} failed after {Elapsed:0} ms: {Error}", request.Method, Redact(request.RequestUri), elapsed.TotalMilliseconds,
            exception.GetType().Name);

    /// <summary>The URL as it may be logged: scheme, host, port and the path's plain words only.</summary>
    public static string Redact(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri) return "(relative)";
        var origin = uri.GetLeftPart(UriPartial.Authority);
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Slack's reply addresses (hooks.slack.com/commands/…, /actions/…) are credentials from end to end.
        if (uri.Host.StartsWith("hooks.", StringComparison.OrdinalIgnoreCase) || segments.Any(s => s.Equals("hooks", StringComparison.OrdinalIgnoreCase)))
            return origin + "/{…}";
        var path = string.Join('/', segments.Select(s => PlainWord().IsMatch(s) ? s : "{…}"));
        return origin + "/" + path + (uri.Query.Length > 1 ? "?{…}" : "");
    }

    /// <summary>An API word (<c>users</c>, <c>chat.postMessage</c>, <c>v1.0</c>, <c>v3</c>): letters and dots, or a version.</summary>
    [GeneratedRegex(@"^(?:[A-Za-z][A-Za-z._]{0,39}|v\d+(?:\.\d+)?)$")]
    private static partial Regex PlainWord();
}

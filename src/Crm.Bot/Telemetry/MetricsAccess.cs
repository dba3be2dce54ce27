using Crm.Bot.TryIt;

namespace Crm.Bot.Telemetry;

/// <summary>
/// <c>/metrics</c> answers callers on this machine only, unless <c>Telemetry:MetricsAllowRemote</c> is set.
/// A request that came through a proxy (Forwarded, X-Forwarded-*) is from elsewhere, whatever address the
/// proxy connects from, so it is refused too: deploy/haproxy.cfg adds X-Forwarded-For (and refuses the path).
/// </summary>
internal static class MetricsAccess
{
    public static bool Allowed(HttpContext http, TelemetryOptions options) =>
        options.MetricsAllowRemote || (LoopbackGuard.ProxyHeader(http.Request) is null && LoopbackGuard.IsLocal(http));

    public static Task RefuseAsync(HttpContext http) =>
        Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Metrics are served to this machine only.",
            detail: "Scrape /metrics from the machine that runs the host, or set Telemetry:MetricsAllowRemote=true " +
                    "when a Prometheus elsewhere may read them (and keep the port off the public network).").ExecuteAsync(http);
}

using System.Net;

namespace Crm.Bot.TryIt;

/// <summary>
/// Keeps the console to the person at this machine: anyone who reaches it can act as any demo user.
/// Rejects non-loopback peers, and Host headers other than localhost names (a remote web page could
/// otherwise reach it through DNS rebinding), unless Console:AllowRemote is set. Requests that came
/// through a proxy (Forwarded, X-Forwarded-*) are always refused: a proxy in front means the person
/// is not at this machine, whatever address the proxy itself connects from.
/// </summary>
internal sealed class LoopbackGuard(ConsoleMode mode) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (ProxyHeader(http.Request) is { } header)
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "The try-it console does not answer through a proxy.",
                detail: $"This request carries a {header} header, so it came through a proxy and not from this machine. " +
                        "Open the console directly on the machine that runs the host (http://localhost:…/?key=…).");
        if (mode.AllowRemote || IsLocal(http))
            return await next(context);
        return Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "The try-it console only answers on this machine.",
            detail: "Open it from the machine that runs the host (http://localhost:…), or set Console:AllowRemote=true " +
                    "if every machine that can reach this host may act as any demo user.");
    }

    /// <summary>The name of the first header a proxy adds (Forwarded, X-Forwarded-For, -Host, -Proto, …), or null.</summary>
    internal static string? ProxyHeader(HttpRequest request) =>
        request.Headers.Keys.FirstOrDefault(h =>
            h.Equals("Forwarded", StringComparison.OrdinalIgnoreCase) || h.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)) is { } name
            // Only the known names are echoed: the header name is the caller's text.
            ? (name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase) ? "Forwarded" : "X-Forwarded-*")
            : null;

    internal static bool IsLocal(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
            return false;
        var host = http.Request.Host.Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}

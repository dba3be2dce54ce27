using System.Net;

namespace Crm.Bot.TryIt;

/// <summary>
/// Keeps the console to the person at this machine: anyone who reaches it can act as any demo user.
/// Rejects non-loopback peers, and Host headers other than localhost names (a remote web page could
/// otherwise reach it through DNS rebinding), unless Console:AllowRemote is set.
/// </summary>
internal sealed class LoopbackGuard(ConsoleMode mode) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (mode.AllowRemote || IsLocal(http))
            return await next(context);
        return Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "The try-it console only answers on this machine.",
            detail: "Open it from the machine that runs the host (http://localhost:…), or set Console:AllowRemote=true " +
                    "if every machine that can reach this host may act as any demo user.");
    }

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

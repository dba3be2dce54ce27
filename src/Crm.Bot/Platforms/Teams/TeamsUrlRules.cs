using System.Net;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Which URLs the Teams area may talk to: https anywhere, plain http only on the loopback interface
/// (local fakes and tests), so configuration cannot downgrade production traffic.
/// </summary>
public static class TeamsUrlRules
{
    public static bool IsAcceptable(string? url, out string problem)
    {
        problem = "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            problem = $"'{url}' is not an absolute URL";
            return false;
        }
        if (uri.Scheme == Uri.UriSchemeHttps)
            return true;
        if (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri))
            return true;
        problem = $"'{url}' must use https (plain http is accepted only for 127.0.0.1, ::1 or localhost)";
        return false;
    }

    public static bool IsAcceptable(string? url) => IsAcceptable(url, out _);

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

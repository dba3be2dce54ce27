using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;

namespace Crm.Bot.Jobs;

/// <summary>
/// Lets a CRM admin into the Hangfire dashboard with the credentials from configuration
/// (Jobs:DashboardUsername / Jobs:DashboardPassword, HTTP Basic over TLS). With none configured
/// the dashboard is refused to everyone.
/// </summary>
public sealed class DashboardAdminAuthorization(string? username, string? password) : IDashboardAuthorizationFilter
{
    private readonly byte[]? _expected = string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes($"{username}:{password}"));

    public bool Authorize(DashboardContext context)
    {
        if (_expected is null) return false;
        var http = context.GetHttpContext();
        if (TryReadBasic(http.Request.Headers.Authorization.ToString(), out var presented) &&
            CryptographicOperations.FixedTimeEquals(SHA256.HashData(presented), _expected))
            return true;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"Crm.Bot jobs\", charset=\"UTF-8\"";
        return false;
    }

    private static bool TryReadBasic(string header, out byte[] credentials)
    {
        credentials = [];
        if (!AuthenticationHeaderValue.TryParse(header, out var value) ||
            !value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
            return false;
        try { credentials = Convert.FromBase64String(value.Parameter); }
        catch (FormatException) { return false; }
        return true;
    }
}

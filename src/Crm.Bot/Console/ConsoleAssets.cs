using System.Reflection;

namespace Crm.Bot.TryIt;

/// <summary>
/// The page, its styles and scripts, embedded in the host so the console works offline and
/// nothing is fetched from elsewhere (no CDN, no web fonts).
/// </summary>
internal static class ConsoleAssets
{
    private static readonly Assembly Host = typeof(ConsoleAssets).Assembly;

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    // Everything comes from this host; inline script and style are not needed and not allowed.
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IResult Serve(HttpContext http, string name)
    {
        var type = Types.GetValueOrDefault(Path.GetExtension(name));
        var stream = type is null || name.Contains('/') || name.Contains("..") ? null : Host.GetManifestResourceStream($"console/{name}");
        if (stream is null)
            return Results.NotFound();
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(stream, type);
    }
}

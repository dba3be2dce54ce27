namespace Crm.Bot.Files;

/// <summary>
/// Where the host serves reply files and how their links are signed: <c>Host:PublicBaseUrl</c> (the URL
/// Slack and Teams reach this host at, e.g. https://crm.example.com) and <c>Files:SigningKey</c> (base64,
/// at least 32 bytes, the same on every host).
/// </summary>
public sealed class FileLinkOptions
{
    /// <summary>Absolute http(s) URL without a trailing path; null: links are relative (the console only), charts go to Slack and Teams as alt text.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The HMAC key of file links; null: a random key for this process (links die with it and other hosts refuse them).</summary>
    public string? SigningKey { get; set; }

    /// <summary>Why these settings cannot be used, or null.</summary>
    public string? Problem()
    {
        if (PublicBaseUrl is { Length: > 0 } url &&
            (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Query.Length > 0 || uri.Fragment.Length > 0))
            return "Host:PublicBaseUrl must be an absolute http(s) URL without query or fragment.";
        if (SigningKey is { Length: > 0 } key)
        {
            var bytes = new byte[key.Length];
            if (!Convert.TryFromBase64String(key, bytes, out var length) || length < 32)
                return "Files:SigningKey must be base64 of at least 32 bytes (e.g. `openssl rand -base64 32`).";
        }
        return null;
    }
}

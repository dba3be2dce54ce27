using System.Text.RegularExpressions;

namespace Crm.Bot.Platforms;

/// <summary>
/// Recognises links to customers in the CRM's web UI, from a pattern such as
/// <c>https://crm.example.com/customers/{id}</c>. The id may be a human id (C-1001) or a bare number.
/// Slack unfurls them (<c>Slack:CustomerLinkPattern</c>), Teams too (<c>Teams:CustomerLinkPattern</c>).
/// </summary>
public sealed class CustomerLinks
{
    private readonly Regex? _regex;

    public CustomerLinks(string? pattern)
    {
        if (!string.IsNullOrWhiteSpace(pattern) && TryParsePattern(pattern, out var regex, out _))
        {
            _regex = regex;
            Domain = new Uri(pattern.Replace("{id}", "x", StringComparison.Ordinal)).Host.ToLowerInvariant();
        }
    }

    /// <summary>The host to declare in the app manifest (Slack's unfurl_domains, Teams' link message handler); null when unfurling is off.</summary>
    public string? Domain { get; }

    public bool Enabled => _regex is not null;

    /// <summary>The customer id the link names ("C-1001"), or null when it is not a customer link.</summary>
    public string? CustomerIdOf(string url)
    {
        if (_regex is null) return null;
        var match = _regex.Match(url.Trim());
        if (!match.Success) return null;
        var id = match.Groups["id"].Value;
        return id.All(char.IsAsciiDigit) ? $"C-{id}" : id.ToUpperInvariant();
    }

    public static bool TryParsePattern(string pattern, out Regex? regex, out string why)
    {
        regex = null;
        var count = pattern.Split("{id}").Length - 1;
        if (count != 1)
        {
            why = $"must contain {{id}} exactly once, e.g. https://crm.example.com/customers/{{id}} (got '{pattern}').";
            return false;
        }
        if (!Uri.TryCreate(pattern.Replace("{id}", "C-1", StringComparison.Ordinal), UriKind.Absolute, out var uri) ||
            uri.Scheme is not ("https" or "http"))
        {
            why = $"must be an absolute http(s) URL with {{id}} where the customer id goes (got '{pattern}').";
            return false;
        }
        var parts = pattern.Split("{id}");
        // The platform may hand the link back with or without a trailing slash or query; the id is the only variable part.
        var source = "^" + Regex.Escape(parts[0]) + @"(?<id>(?:[Cc]-)?\d{1,18})" + Regex.Escape(parts[1]) + @"/?(?:[?#].*)?$";
        regex = new Regex(source, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        why = "";
        return true;
    }
}

using System.Collections.Concurrent;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// The service URLs the bot may send to: only those that arrived on authenticated activities
/// (directly or through a stored conversation reference). A token is never sent anywhere else.
/// </summary>
internal sealed class TeamsServiceUrlRegistry
{
    private readonly ConcurrentDictionary<string, bool> _trusted = new(StringComparer.OrdinalIgnoreCase);

    public void Trust(string serviceUrl)
    {
        if (TeamsUrlRules.IsAcceptable(serviceUrl))
            _trusted[Normalize(serviceUrl)] = true;
    }

    public bool IsTrusted(string serviceUrl) => _trusted.ContainsKey(Normalize(serviceUrl));

    private static string Normalize(string url) => url.Trim().TrimEnd('/');
}

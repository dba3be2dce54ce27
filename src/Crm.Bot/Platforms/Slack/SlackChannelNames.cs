using Microsoft.Extensions.Caching.Memory;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Channel names for events, which carry only the id (slash commands bring the name themselves).
/// Cached; a channel the bot may not look at simply has no name.
/// </summary>
public sealed class SlackChannelNames(SlackApiClient api, IMemoryCache cache, ILogger<SlackChannelNames> log)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public async Task<string?> NameOfAsync(string team, string channel, CancellationToken cancellationToken)
    {
        var key = $"slack-channel:{team}:{channel}";
        if (cache.TryGetValue(key, out string? name)) return name;
        try
        {
            name = await api.ChannelNameAsync(team, channel, cancellationToken);
        }
        catch (SlackApiException e)
        {
            log.LogInformation("conversations.info for {Channel} failed: {Error}", channel, e.Error);
            name = null;
        }
        cache.Set(key, name, Lifetime);
        return name;
    }
}

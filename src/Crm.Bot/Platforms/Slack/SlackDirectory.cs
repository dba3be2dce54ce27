using Crm.Domain.Common;
using Crm.Domain.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Who a Slack user is: the e-mail users.info reports (cached). A user whose e-mail Slack does not
/// show cannot be linked to a CRM identity, and is told why.
/// </summary>
public sealed class SlackDirectory(SlackApiClient api, IMemoryCache cache, IOptions<SlackOptions> options, ILogger<SlackDirectory> log) : IDirectory
{
    public Platform Platform => Platform.Slack;

    public async Task<DirectoryLookup> LookupAsync(string workspace, string userId, CancellationToken cancellationToken)
    {
        var key = $"slack-user:{workspace}:{userId}";
        if (cache.TryGetValue(key, out DirectoryLookup? cached) && cached is not null)
            return cached;

        var lookup = await AskSlackAsync(workspace, userId, cancellationToken);
        // An outage is not remembered: the next request asks again.
        if (!lookup.Unavailable)
            cache.Set(key, lookup, TimeSpan.FromSeconds(options.Value.DirectoryCacheSeconds));
        return lookup;
    }

    private async Task<DirectoryLookup> AskSlackAsync(string workspace, string userId, CancellationToken cancellationToken)
    {
        SlackUserInfo user;
        try
        {
            user = await api.UserInfoAsync(workspace, userId, cancellationToken);
        }
        catch (SlackApiException e) when (e.Error is "user_not_found" or "user_not_visible")
        {
            return DirectoryLookup.NotLinked($"Slack does not know user {userId} ({e.Error}), so the CRM cannot tell who you are.");
        }
        catch (SlackApiException e)
        {
            log.LogWarning("users.info for {User} failed: {Error}", userId, e.Error);
            return DirectoryLookup.Down($"Slack's user directory did not answer ({e.Error}); please try again in a minute.");
        }

        if (user.Deleted)
            return DirectoryLookup.NotLinked("Your Slack account is deactivated.");
        if (user.IsBot)
            return DirectoryLookup.NotLinked("Bots cannot use the CRM.");
        var email = user.Profile?.Email?.Trim();
        if (string.IsNullOrEmpty(email))
            return DirectoryLookup.NotLinked(
                "Slack did not share your e-mail address with the CRM app, and the CRM knows people by e-mail. " +
                "Ask a Slack admin to check that the app has the users:read.email permission and that e-mail addresses are visible in this workspace.");

        var name = FirstNonEmpty(user.Profile?.RealName, user.RealName, user.Profile?.DisplayName, user.Name, email);
        return DirectoryLookup.Found(new DirectoryUser(email.ToLowerInvariant(), name, null, user.Profile?.Title is { Length: > 0 } t ? t : null, [], user.Tz));
    }

    private static string FirstNonEmpty(params string?[] values) => values.First(v => !string.IsNullOrWhiteSpace(v))!;
}

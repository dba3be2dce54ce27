using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Tasks;

/// <summary>
/// The time zone a task's assignee lives in, which is what a typed due time ("due fri", "due
/// 2026-12-09 15:00") means and when the reminder fires: what their platform's directory says (Slack
/// users.info <c>tz</c>; Microsoft Graph mailboxSettings, mapped to IANA), asked through the
/// directory's own cache on the platforms they used the bot on, latest first; else the zone stored
/// when they were last seen; else the configured default (<c>Replies:DefaultTimeZone</c>).
/// </summary>
public static class AssigneeZone
{
    public static async Task<TimeDisplay> ForAsync(CommandContext context, string assignee, CancellationToken ct)
    {
        var key = assignee.Trim().ToLowerInvariant();
        // The asker's own zone is already known (their directory said it when they were identified).
        if (context.Principal.Email is { } me && string.Equals(me, key, StringComparison.OrdinalIgnoreCase))
            return context.PrivateTimes;

        var links = await context.Db.UserLinks.AsNoTracking().Where(l => l.Email == key)
            .OrderByDescending(l => l.LastSeenAt).Take(3).ToListAsync(ct);
        foreach (var link in links)
        {
            if (context.Directories.For(link.Platform) is not { } directory) continue;
            var lookup = await directory.LookupAsync(link.Workspace, link.ExternalUserId, ct);
            if (lookup.User is { } user && string.Equals(user.Email.Trim(), key, StringComparison.OrdinalIgnoreCase)
                && TimeDisplay.TryFind(user.TimeZone, out var zone))
                return new TimeDisplay(zone);
        }
        foreach (var link in links)
        {
            if (TimeDisplay.TryFind(link.TimeZone, out var stored))
                return new TimeDisplay(stored);
        }
        return context.DefaultTimes;
    }
}

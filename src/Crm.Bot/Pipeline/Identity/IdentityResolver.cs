using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Identity;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Pipeline.Identity;

/// <summary>
/// Who is asking: the directory of the request's platform says who the chat user is, the mapping
/// rules say which role they have. Every successful lookup refreshes the person's ChatUserLink so
/// private messages (reminders, handoff results) can reach them later.
/// </summary>
public sealed class IdentityResolver(IServiceProvider services, PrincipalCache cache, TimeProvider clock, ILogger<IdentityResolver> logger)
{
    public async Task<Principal> ResolveAsync(Platform platform, string workspace, string userId, CrmDbContext db, CancellationToken ct)
    {
        if (cache.TryGet(platform, workspace, userId, out var cached))
            return cached;

        // The directories are only built when the cache cannot answer: some (Slack's) come with an
        // HTTP client, and nearly every request is answered from the cache.
        var directory = services.GetServices<IDirectory>().FirstOrDefault(d => d.Platform == platform);
        if (directory is null)
            return Unlinked(userId, $"No directory is configured for {platform}, so nobody there can be identified.");

        var lookup = await directory.LookupAsync(workspace, userId, ct);
        if (lookup.User is not { } user)
        {
            if (lookup.Unavailable)
                logger.LogWarning("Directory of {Platform} unavailable for a lookup: {Problem}", platform, lookup.Problem);
            return Unlinked(userId, lookup.Unavailable
                ? $"The {platform} directory cannot be reached right now ({lookup.Problem}); try again in a minute."
                : lookup.Problem ?? "The directory does not know you.");
        }

        var rules = await db.RoleMappings.AsNoTracking().ToListAsync(ct);
        var role = RoleResolver.Resolve(user, rules);
        var principal = new Principal(user.Email.Trim().ToLowerInvariant(), user.DisplayName, user.Department, user.Groups,
            role.Role, role.Region, user.TimeZone, role.Why);
        await RememberAsync(db, platform, workspace, userId, user, ct);
        cache.Set(platform, workspace, userId, principal);
        return principal;
    }

    private static Principal Unlinked(string userId, string why) => new(null, userId, null, [], null, null, null, why);

    private Task RememberAsync(CrmDbContext db, Platform platform, string workspace, string userId, DirectoryUser user, CancellationToken ct) =>
        db.RememberUserLinkAsync(new ChatUserLink
        {
            Platform = platform, Workspace = workspace, ExternalUserId = userId, Email = user.Email.Trim().ToLowerInvariant(),
            DisplayName = user.DisplayName, TimeZone = user.TimeZone, LastSeenAt = clock.GetUtcNow(),
        }, ct);
}

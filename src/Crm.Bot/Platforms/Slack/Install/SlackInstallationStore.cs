using Crm.Domain.Installations;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>
/// The stored installations (table <c>slack_installations</c>): one per workspace install and one per
/// org-wide install, tokens protected by <see cref="SlackTokenCipher"/>. A removed installation keeps
/// its row without tokens, so sends to it fail for good instead of using another token.
/// </summary>
public sealed class SlackInstallationStore(CrmDbContext db, SlackTokenCipher cipher, TimeProvider time)
{
    /// <summary>Stores (or renews, after a reinstall) the installation <paramref name="access"/> describes.</summary>
    public async Task<SlackInstallation> SaveAsync(SlackOAuthAccess access, CancellationToken cancellationToken)
    {
        var enterprise = access.EnterpriseId ?? "";
        var team = access.IsEnterpriseInstall ? "" : access.TeamId ?? "";
        if (team.Length == 0 && enterprise.Length == 0)
            throw new SlackApiException(SlackOAuthClient.AccessMethod, "invalid_response (neither a team nor an enterprise)", isPermanent: true);
        for (var attempt = 1; ; attempt++)
        {
            var row = await db.SlackInstallations.FirstOrDefaultAsync(i => i.EnterpriseId == enterprise && i.TeamId == team, cancellationToken);
            var now = time.GetUtcNow();
            if (row is null)
            {
                row = new SlackInstallation { EnterpriseId = enterprise, TeamId = team, InstalledAt = now };
                db.SlackInstallations.Add(row);
            }
            row.IsEnterpriseInstall = access.IsEnterpriseInstall;
            row.Name = Cut(access.IsEnterpriseInstall ? access.EnterpriseName : access.TeamName, 200);
            row.AppId = Cut(access.AppId, 40) ?? "";
            row.BotUserId = Cut(access.BotUserId, 40) ?? "";
            row.Scopes = Cut(access.Scope, 2000) ?? "";
            row.InstallerUserId = Cut(access.InstallerUserId, 40) ?? "";
            Apply(row, access, now);
            row.RemovedAt = null;
            row.RemovedReason = null;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return row;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // The same workspace installed twice at once: the other install's row wins the insert; update it.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Sets the tokens of <paramref name="access"/> (an install or a refresh) on <paramref name="row"/>.</summary>
    public void Apply(SlackInstallation row, SlackOAuthAccess access, DateTimeOffset now)
    {
        row.ProtectedBotToken = cipher.Protect(access.AccessToken);
        // A refresh answer repeats the refresh token; keep the stored one if it ever does not.
        if (access.RefreshToken is not null) row.ProtectedRefreshToken = cipher.Protect(access.RefreshToken);
        row.TokenExpiresAt = access.ExpiresInSeconds is { } seconds ? now.AddSeconds(seconds) : null;
        row.UpdatedAt = now;
    }

    /// <summary>The workspace's own installation (not an org-wide one), removed or not.</summary>
    public Task<SlackInstallation?> ForTeamAsync(string team, CancellationToken cancellationToken) =>
        db.SlackInstallations.AsNoTracking()
            .Where(i => i.TeamId == team && !i.IsEnterpriseInstall)
            .OrderByDescending(i => i.UpdatedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<SlackInstallation?> ForEnterpriseAsync(string enterprise, CancellationToken cancellationToken) =>
        db.SlackInstallations.AsNoTracking().FirstOrDefaultAsync(i => i.EnterpriseId == enterprise && i.IsEnterpriseInstall, cancellationToken);

    public Task<List<SlackInstallation>> OrgWideAsync(CancellationToken cancellationToken) =>
        db.SlackInstallations.AsNoTracking().Where(i => i.IsEnterpriseInstall && i.RemovedAt == null).ToListAsync(cancellationToken);

    /// <summary>
    /// Removes the tokens of the installation (the workspace's, or the organization's when
    /// <paramref name="orgWide"/>) and says why. A workspace without a stored installation gets a removed
    /// row, so it is not served by the configured single-workspace token either.
    /// </summary>
    public async Task RemoveAsync(string enterprise, string team, bool orgWide, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = orgWide
            ? await db.SlackInstallations.Where(i => i.EnterpriseId == enterprise && i.IsEnterpriseInstall).ToListAsync(cancellationToken)
            : await db.SlackInstallations.Where(i => i.TeamId == team && !i.IsEnterpriseInstall).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            var row = new SlackInstallation { EnterpriseId = enterprise, TeamId = orgWide ? "" : team, IsEnterpriseInstall = orgWide, InstalledAt = now };
            db.SlackInstallations.Add(row);
            rows.Add(row);
        }
        foreach (var row in rows)
        {
            row.ProtectedBotToken = null;
            row.ProtectedRefreshToken = null;
            row.TokenExpiresAt = null;
            row.RemovedAt = now;
            row.RemovedReason = Cut(reason, 200);
            row.UpdatedAt = now;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (rows.Any(r => db.Entry(r).State == EntityState.Added))
        {
            // Slack sent the event twice at once: the other delivery stored the same removal.
            db.ChangeTracker.Clear();
        }
    }

    private static string? Cut(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}

using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using Crm.Domain.Installations;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>
/// Which bot token a call into a workspace uses. Without OAuth configured: <c>Slack:BotToken</c>, as
/// always. With it: the workspace's own installation, else the org-wide installation of its Enterprise
/// Grid organization (which workspaces an org serves is asked with <c>auth.teams.list</c> and remembered a
/// while), else <c>Slack:BotToken</c> when set; a removed installation refuses for good without calling
/// Slack. Tokens are kept in memory for <see cref="CacheFor"/>. A rotating token due to expire (or one
/// Slack calls expired) is refreshed once for every host: the refresh holds the installation's row
/// locked, and a host that waited for it takes the token the other stored.
/// </summary>
public sealed class SlackTokens(IOptions<SlackOptions> options, IServiceScopeFactory scopes, TimeProvider time, ILogger<SlackTokens> log)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan OrgTeamsFor = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (SlackToken? Token, string? Refusal, DateTimeOffset Until)> _byTeam = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Enterprise, DateTimeOffset Until)> _orgOfTeam = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _refreshing = new();

    /// <summary>The token for a call into <paramref name="team"/>; a permanent <see cref="SlackApiException"/> when the bot may not act there.</summary>
    public async ValueTask<SlackToken> ForTeamAsync(string method, string team, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.IsOAuthConfigured) return Configured() ?? throw NotConfigured(method);
        var now = time.GetUtcNow();
        if (_byTeam.TryGetValue(team, out var cached) && cached.Until > now && cached.Token?.IsDue(now) != true)
            return cached.Token ?? throw new SlackApiException(method, cached.Refusal!, isPermanent: true);

        var (token, refusal) = await GuardedAsync(method, team, async () =>
        {
            var loaded = await LoadAsync(method, team, cancellationToken);
            return loaded.Token is { } t && t.IsDue(now) ? (await RefreshCoreAsync(method, team, t, cancellationToken), null) : loaded;
        });
        _byTeam[team] = (token, refusal, time.GetUtcNow() + CacheFor);
        return token ?? throw new SlackApiException(method, refusal!, isPermanent: true);
    }

    /// <summary>
    /// Refreshes <paramref name="stale"/> (due, or called expired by Slack) with <c>oauth.v2.access</c> once:
    /// in a transaction holding the installation's row, and only when the row still holds that token.
    /// </summary>
    public Task<SlackToken> RefreshAsync(string method, string team, SlackToken stale, CancellationToken cancellationToken) =>
        GuardedAsync(method, team, () => RefreshCoreAsync(method, team, stale, cancellationToken));

    /// <summary>Storage failures become transient Slack failures (tried again later), an unreadable token a permanent one.</summary>
    private async Task<T> GuardedAsync<T>(string method, string team, Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (e is DbException or DbUpdateException or TimeoutException)
        {
            // The database is away: like a Slack outage, the send is tried again later.
            throw new SlackApiException(method, "installations_unavailable", isPermanent: false, inner: e);
        }
        catch (CryptographicException e)
        {
            // The key ring that protected the token is gone (another database, keys deleted): only a new install helps.
            log.LogError("The stored Slack token of workspace {Team} cannot be read: the Data Protection key ring does not hold its key", team);
            throw new SlackApiException(method, "token_unreadable (install the app into the workspace again)", isPermanent: true, inner: e);
        }
    }

    private async Task<SlackToken> RefreshCoreAsync(string method, string team, SlackToken stale, CancellationToken cancellationToken)
    {
        if (stale.InstallationId is not { } id || !stale.Rotates) return stale;
        var gate = _refreshing.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var cipher = scope.ServiceProvider.GetRequiredService<SlackTokenCipher>();
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            // An update that changes nothing takes the row's lock (PostgreSQL) or the write lock (SQLite) until the commit.
            await db.SlackInstallations.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.UpdatedAt, i => i.UpdatedAt), cancellationToken);
            var row = await db.SlackInstallations.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
            if (row is null || row.IsRemoved || row.ProtectedBotToken is null)
                throw new SlackApiException(method, $"app_uninstalled ({row?.RemovedReason ?? "the installation is gone"})", isPermanent: true);
            var now = time.GetUtcNow();
            var current = TokenOf(row, cipher);
            if ((current.Value != stale.Value && !current.IsDue(now)) || row.ProtectedRefreshToken is null)
            {
                // Another host (or call) refreshed it while this one waited for the row.
                await tx.CommitAsync(cancellationToken);
                return Remember(team, current);
            }
            var oauth = scope.ServiceProvider.GetRequiredService<SlackOAuthClient>();
            var access = await oauth.RefreshAsync(cipher.Unprotect(row.ProtectedRefreshToken), cancellationToken);
            scope.ServiceProvider.GetRequiredService<SlackInstallationStore>().Apply(row, access, now);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            log.LogInformation("Refreshed the rotating Slack token of installation {Id}", id);
            return Remember(team, TokenOf(row, cipher));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets every remembered token and refusal (after an install or a removal on this host).</summary>
    public void Forget() => _byTeam.Clear();

    /// <summary>The workspaces this host knows to belong to <paramref name="enterprise"/> (through <c>auth.teams.list</c>).</summary>
    public IReadOnlyList<string> KnownTeamsOf(string enterprise) =>
        _orgOfTeam.Where(p => p.Value.Enterprise == enterprise).Select(p => p.Key).ToList();

    private SlackToken Remember(string team, SlackToken token)
    {
        _byTeam[team] = (token, null, time.GetUtcNow() + CacheFor);
        return token;
    }

    private async Task<(SlackToken? Token, string? Refusal)> LoadAsync(string method, string team, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<SlackInstallationStore>();
        var cipher = scope.ServiceProvider.GetRequiredService<SlackTokenCipher>();
        var own = await store.ForTeamAsync(team, cancellationToken);
        if (own is not null)
            return own.IsRemoved || own.ProtectedBotToken is null ? (null, Refusal(team, own)) : (TokenOf(own, cipher), null);

        var org = await OrgInstallationOfAsync(method, team, store, cipher, cancellationToken);
        if (org is not null)
            return org.IsRemoved || org.ProtectedBotToken is null ? (null, Refusal(team, org)) : (TokenOf(org, cipher), null);

        return Configured() is { } configured
            ? (configured, null)
            : (null, $"not_installed (the app is not installed in Slack workspace {team}: install it through /slack/install)");
    }

    /// <summary>The org-wide installation serving <paramref name="team"/>, if any (one auth.teams.list per org, remembered a while).</summary>
    private async Task<SlackInstallation?> OrgInstallationOfAsync(string method, string team, SlackInstallationStore store, SlackTokenCipher cipher,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_orgOfTeam.TryGetValue(team, out var known) && known.Until > now)
            return await store.ForEnterpriseAsync(known.Enterprise, cancellationToken);
        var orgs = await store.OrgWideAsync(cancellationToken);
        if (orgs.Count == 0) return null;
        await using var scope = scopes.CreateAsyncScope();
        var oauth = scope.ServiceProvider.GetRequiredService<SlackOAuthClient>();
        SlackInstallation? found = null;
        foreach (var org in orgs)
        {
            var token = TokenOf(org, cipher);
            if (token.IsDue(now)) token = await RefreshCoreAsync(method, team, token, cancellationToken);
            IReadOnlyList<string> teams;
            try
            {
                teams = await oauth.TeamsOfAsync(token.Value, cancellationToken);
            }
            catch (SlackApiException e) when (e.IsPermanent)
            {
                log.LogWarning("auth.teams.list for the org-wide installation of {Enterprise} failed: {Error}", org.EnterpriseId, e.Error);
                continue;
            }
            foreach (var t in teams) _orgOfTeam[t] = (org.EnterpriseId, now + OrgTeamsFor);
            if (teams.Contains(team, StringComparer.Ordinal)) found ??= org;
        }
        return found;
    }

    private static SlackToken TokenOf(SlackInstallation row, SlackTokenCipher cipher) =>
        new(cipher.Unprotect(row.ProtectedBotToken!), row.Id, row.TokenExpiresAt, row.ProtectedRefreshToken is not null);

    private static string Refusal(string team, SlackInstallation row) =>
        $"app_uninstalled (Slack workspace {team}: {row.RemovedReason ?? "the app was removed"})";

    private SlackToken? Configured() =>
        string.IsNullOrEmpty(options.Value.BotToken) ? null : new SlackToken(options.Value.BotToken, null, null, false);

    private static SlackApiException NotConfigured(string method) =>
        new(method, "not_configured (Slack:BotToken is not set)", isPermanent: true);
}

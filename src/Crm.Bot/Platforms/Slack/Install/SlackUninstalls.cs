using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>
/// <c>app_uninstalled</c> and <c>tokens_revoked</c> (bot tokens): the installation loses its tokens
/// (<see cref="SlackInstallationStore.RemoveAsync"/>), and the workspace's pending outbox rows are failed
/// for good through <see cref="OutboxOutcomeRecorder"/> (each with an audit record), never retried. A row
/// another sender holds at that moment fails when it is sent: its token is refused without calling Slack.
/// </summary>
internal sealed class SlackUninstalls(
    CrmDbContext db,
    SlackInstallationStore store,
    SlackTokens tokens,
    OutboxClaims claims,
    OutboxOutcomeRecorder recorder,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackUninstalls> log)
{
    public const string AppUninstalled = "app_uninstalled";
    public const string TokensRevoked = "tokens_revoked";

    public async Task HandleAsync(SlackEventEnvelope envelope, CancellationToken cancellationToken)
    {
        var e = envelope.Event!;
        // Revoked user tokens do not concern the bot, which acts with its bot token only.
        if (e.Type == TokensRevoked && e.Tokens?.Bot is not { Count: > 0 }) return;
        var team = envelope.TeamId ?? "";
        var authorization = envelope.Authorizations?.FirstOrDefault();
        var orgWide = authorization?.IsEnterpriseInstall == true;
        var enterprise = authorization?.EnterpriseId ?? envelope.EnterpriseId ?? "";
        var reason = e.Type == AppUninstalled
            ? $"The app was uninstalled from Slack {(orgWide ? $"organization {enterprise}" : $"workspace {team}")}"
            : $"The bot's token was revoked in Slack {(orgWide ? $"organization {enterprise}" : $"workspace {team}")}";

        // Without OAuth there is no stored installation: the configured token is the operator's to change.
        if (options.Value.IsOAuthConfigured)
            await store.RemoveAsync(enterprise, team, orgWide, reason, cancellationToken);
        tokens.Forget();
        var workspaces = orgWide ? tokens.KnownTeamsOf(enterprise).Append(team).Distinct().ToList() : [team];
        var failed = await FailPendingAsync(workspaces, reason, cancellationToken);
        log.LogWarning("{Reason}; {Count} pending message(s) for it failed for good", reason, failed);
    }

    /// <summary>Claims each pending row of <paramref name="workspaces"/> nobody holds and records it failed for good.</summary>
    private async Task<int> FailPendingAsync(IReadOnlyList<string> workspaces, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ids = await db.Outbox.AsNoTracking()
            .Where(o => o.Platform == Platform.Slack && workspaces.Contains(o.Workspace) && o.Status == OutboxStatus.Pending)
            .Select(o => o.Id)
            .ToListAsync(cancellationToken);
        var failed = 0;
        foreach (var id in ids)
        {
            var until = now + claims.ClaimFor;
            // A row waiting for its retry has no holder; one held by a sender is left to it (its send is refused).
            var claimed = await db.Outbox
                .Where(o => o.Id == id && o.Status == OutboxStatus.Pending && (o.LockedBy == null || o.LockedUntil == null || o.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedBy, claims.Owner).SetProperty(o => o.LockedUntil, until), cancellationToken);
            if (claimed == 0) continue;
            var row = await db.Outbox.AsNoTracking().FirstAsync(o => o.Id == id, cancellationToken);
            if (await recorder.RecordAsync(db, row, claims.Owner, DeliveryResult.Permanent(reason), cancellationToken)) failed++;
        }
        return failed;
    }
}

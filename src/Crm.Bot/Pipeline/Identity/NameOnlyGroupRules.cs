using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Identity;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Pipeline.Identity;

/// <summary>
/// Group rules made before rules named object ids hold a display name, and match nobody. Once the
/// host has started, each is resolved through the directory when exactly one group has that name
/// (audited); the others stay as they are and are named in the log, as <c>admin rules</c> shows them.
/// </summary>
public sealed partial class NameOnlyGroupRules(
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    PrincipalCache principals,
    ILogger<NameOnlyGroupRules> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // After every start-up step, migrations included.
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try { await started.Task; }
            catch (OperationCanceledException) { return; }
        }
        try
        {
            await ResolveAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The rules stay name-only (matching nobody) and flagged; the host runs on.
            logger.LogWarning(e, "Name-only group rules could not be resolved at start");
        }
    }

    /// <summary>Resolves what can be resolved; returns how many rules are still name-only.</summary>
    public async Task<int> ResolveAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        // A database not yet migrated has no rules to resolve (readiness says so; querying would log errors).
        if ((await DatabaseState.CheckAsync(db, cancellationToken)).Status != DatabaseStatus.Ready) return 0;
        var rules = (await db.RoleMappings.Where(r => r.Kind == MappingKind.Group).ToListAsync(cancellationToken))
            .Where(r => r.IsNameOnlyGroup).ToList();
        if (rules.Count == 0) return 0;

        var directory = scope.ServiceProvider.GetService<IGroupDirectory>() is { IsAvailable: true } d ? d : null;
        var left = new List<string>();
        foreach (var rule in rules)
        {
            var found = directory is null ? [] : await directory.FindByNameAsync(null, rule.Match, cancellationToken);
            if (found.Count != 1 || !Guid.TryParse(found[0].Id, out var id))
            {
                left.Add($"\"{rule.Match}\" ({(directory is null ? "no directory" : found.Count == 0 ? "no such group" : $"{found.Count} groups of that name")})");
                continue;
            }
            var name = rule.Match;
            var existing = await db.RoleMappings.FirstOrDefaultAsync(r => r.Kind == MappingKind.Group && r.Match == id.ToString(), cancellationToken);
            // A rule for that group by id already exists: it wins, the old one goes.
            if (existing is not null)
                db.RoleMappings.Remove(rule);
            else
                rule.ResolveGroup(id.ToString(), found[0].DisplayName);
            db.Audit.Add(new AuditRecord
            {
                At = clock.GetUtcNow(),
                Actor = "system",
                Platform = Platform.Cli,
                Command = "start",
                Action = AuditAction.Admin,
                Outcome = AuditOutcome.Allowed,
                Detail = existing is null
                    ? $"role mapping: name-only group rule \"{name}\" resolved to group {id} (\"{found[0].DisplayName}\")"
                    : $"role mapping: name-only group rule \"{name}\" removed; a rule for group {id} exists",
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        principals.Clear();
        if (left.Count > 0)
            LogNameOnly(left.Count, string.Join(", ", left));
        return left.Count;
    }

    [LoggerMessage(LogLevel.Warning, "{Count} group rule(s) name a group by display name and match nobody: {Rules}. Map each again by id (admin map group <object-id> <role>); `admin rules` lists them")]
    private partial void LogNameOnly(int count, string rules);
}

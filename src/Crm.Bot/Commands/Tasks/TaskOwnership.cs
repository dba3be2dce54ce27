using Crm.Bot.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Identity;
using Crm.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Tasks;

/// <summary>
/// Who may complete, reschedule or reassign a task: its assignee, its creator, a manager of the
/// assignee's department or a crm-admin. Everyone else is told who may, by role and by the two
/// people the task names (never by listing administrators).
/// </summary>
public static class TaskOwnership
{
    public static async Task<AccessDecision> MayChangeAsync(CommandContext context, CrmTask task, string what, CancellationToken ct)
    {
        var principal = context.Principal;
        var email = principal.Email;
        if (email is not null && (Same(email, task.AssigneeEmail) || Same(email, task.CreatedBy)))
            return AccessDecision.Allow;
        if (principal.Role == Role.CrmAdmin)
            return AccessDecision.Allow;
        var department = (await ScopeOfAsync(context, task.AssigneeEmail, ct)).Department;
        if (principal.Role is { } role && IsManager(role) && department is { } d && RolePolicy.HomeDepartment(role) == d)
            return AccessDecision.Allow;
        var managers = department is { } known && ManagerOf(known) is { } manager
            ? $"a {manager.Name()} of {known}"
            : "a manager of the assignee's department";
        return AccessDecision.Deny(
            $"Task {task.HumanId} is not yours to {what}. Allowed for: its assignee ({task.AssigneeEmail}), its creator ({task.CreatedBy}), {managers}, or a crm-admin.");
    }

    /// <summary>
    /// Who may list someone's open tasks (<c>tasks @dana</c>): that person, a sales-manager of their
    /// department (and of their sales region, when both have one), or a crm-admin. Everyone else is told
    /// who may.
    /// </summary>
    public static async Task<AccessDecision> MayListAsync(CommandContext context, string person, CancellationToken ct)
    {
        var principal = context.Principal;
        if (principal.Email is { } me && Same(me, person)) return AccessDecision.Allow;
        if (principal.Role == Role.CrmAdmin) return AccessDecision.Allow;
        var scope = await ScopeOfAsync(context, person, ct);
        if (principal.Role is { } role && IsManager(role) && scope.Department is { } d && RolePolicy.HomeDepartment(role) == d)
        {
            if (principal.Region is null || scope.Region is null || string.Equals(principal.Region, scope.Region, StringComparison.OrdinalIgnoreCase))
                return AccessDecision.Allow;
            return AccessDecision.Deny(
                $"{person} works in region {scope.Region}, not yours ({principal.Region}). Allowed for: {person}, a sales-manager of {d} in region {scope.Region}, or a crm-admin.");
        }
        var managers = scope.Department is { } known && ManagerOf(known) is { } manager
            ? $"a {manager.Name()} of {known}"
            : "a manager of their department";
        return AccessDecision.Deny($"Only people who manage {person} may list their tasks. Allowed for: {person}, {managers}, or a crm-admin.");
    }

    /// <summary>Roles that manage the people of their home department.</summary>
    private static bool IsManager(Role role) => role == Role.SalesManager;

    private static Role? ManagerOf(Department department) =>
        Enum.GetValues<Role>().Where(IsManager).Cast<Role?>().FirstOrDefault(r => RolePolicy.HomeDepartment(r!.Value) == department);

    /// <summary>A person's department and sales region, as far as the CRM can tell.</summary>
    private sealed record PersonScope(Department? Department, string? Region);

    /// <summary>
    /// A person's department (and region) as the role mapping says it (their e-mail rule's role); without
    /// an e-mail rule, what their directory says about them the last time they used the bot.
    /// </summary>
    private static async Task<PersonScope> ScopeOfAsync(CommandContext context, string person, CancellationToken ct)
    {
        var key = person.Trim().ToLowerInvariant();
        var rules = await context.Db.RoleMappings.AsNoTracking().ToListAsync(ct);
        var byEmail = rules.FirstOrDefault(r => r.Kind == MappingKind.Email && r.Match == key);
        if (byEmail is not null)
            return new(RolePolicy.HomeDepartment(byEmail.Role), byEmail.Region);

        var links = await context.Db.UserLinks.AsNoTracking().Where(l => l.Email == key)
            .OrderByDescending(l => l.LastSeenAt).Take(3).ToListAsync(ct);
        foreach (var link in links)
        {
            var directory = context.Directories.For(link.Platform);
            if (directory is null) continue;
            var lookup = await directory.LookupAsync(link.Workspace, link.ExternalUserId, ct);
            if (lookup.User is not { } user || !Same(user.Email, key)) continue;
            var resolved = RoleResolver.Resolve(user, rules);
            if (resolved.Role is { } role && RolePolicy.HomeDepartment(role) is { } home)
                return new(home, resolved.Region);
            if (DepartmentNames.TryParse(user.Department, out var department))
                return new(department, resolved.Region);
        }
        return new(null, null);
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}

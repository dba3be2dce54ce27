using Crm.Domain.Access;

namespace Crm.Domain.Identity;

/// <summary>A role (or none) for a directory user, with the rule that decided it in words.</summary>
public sealed record RoleResolution(Role? Role, string? Region, string Why);

/// <summary>Applies the mapping rules: an e-mail rule beats a group rule beats a department rule.</summary>
public static class RoleResolver
{
    public static RoleResolution Resolve(DirectoryUser user, IReadOnlyCollection<RoleMappingRule> rules)
    {
        var email = user.Email.Trim().ToLowerInvariant();
        var byEmail = rules.FirstOrDefault(r => r.Kind == MappingKind.Email && r.Match == email);
        if (byEmail is not null)
            return Found(byEmail, $"your e-mail {email} is mapped to {byEmail.Role.Name()}");

        // Group rules match object ids with object ids, nothing else: anyone can create a group with any
        // display name, including one that looks like another group's id.
        var groupIds = (user.GroupIds ?? []).Select(ObjectId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        // Several groups may match; the strongest role wins so a person in two groups is not demoted by order.
        var byGroup = rules.Where(r => r.Kind == MappingKind.Group && !r.IsNameOnlyGroup && groupIds.Contains(ObjectId(r.Match)!))
            .OrderByDescending(r => RolePolicy.PermissionsOf(r.Role).Count).ThenBy(r => r.Match, StringComparer.Ordinal).FirstOrDefault();
        if (byGroup is not null)
            return Found(byGroup, byGroup.MatchName is { } name
                ? $"your group \"{name}\" ({byGroup.Match}) is mapped to {byGroup.Role.Name()}"
                : $"your group {byGroup.Match} is mapped to {byGroup.Role.Name()}");

        var department = user.Department?.Trim().ToLowerInvariant();
        var byDepartment = department is null ? null : rules.FirstOrDefault(r => r.Kind == MappingKind.Department && r.Match == department);
        if (byDepartment is not null)
            return Found(byDepartment, $"your department {user.Department} is mapped to {byDepartment.Role.Name()}");

        // Someone without a role is told only about themselves: who the administrators are is not theirs to learn.
        var facts = $"e-mail {email}, department {user.Department ?? "(none)"}, groups {(user.Groups.Count == 0 ? "(none)" : string.Join(", ", user.Groups))}";
        return new RoleResolution(null, null,
            $"No role mapping matches you ({facts}). Ask your CRM administrator to map you, e.g. `admin map email {email} sales-rep`.");
    }

    /// <summary>An object id in one spelling (lower case, hyphens), or null for anything that is not one.</summary>
    private static string? ObjectId(string text) => Guid.TryParse(text, out var id) ? id.ToString() : null;

    private static RoleResolution Found(RoleMappingRule rule, string why) =>
        new(rule.Role, rule.Region, rule.Region is null ? why : $"{why} (region {rule.Region})");
}

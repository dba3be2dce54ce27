using Crm.Domain.Common;

namespace Crm.Domain.Access;

/// <summary>Deny by default: the role must grant the permission, and scoped writes must fit the person.</summary>
public static class AccessPolicy
{
    public static AccessDecision Authorize(Principal principal, Permission permission, string what)
    {
        if (principal.Role is not { } role)
            return AccessDecision.Deny($"You have no CRM role yet, so you may only run help and whoami. {principal.Why}");
        if (RolePolicy.Has(role, permission))
            return AccessDecision.Allow;
        return AccessDecision.Deny($"Your role {role.Name()} may not {what}. {WhoMay(permission)}");
    }

    public static string WhoMay(Permission permission)
    {
        var roles = RolePolicy.RolesWith(permission);
        return roles.Count == 0 ? "No role may do that." : $"Allowed for: {string.Join(", ", roles.Select(r => r.Name()))}.";
    }

    /// <summary>Checks that the audience may read a field class (a report, an invoice list).</summary>
    public static AccessDecision CanRead(Principal principal, FieldClass needed, string what)
    {
        if (principal.Reads.CanRead(needed))
            return AccessDecision.Allow;
        var roles = RolePolicy.RolesReading(needed).Select(r => r.Name());
        var who = principal.Role is { } role ? $"Your role {role.Name()}" : "Without a role you";
        return AccessDecision.Deny($"{who} may not read {needed.Name()} data, which {what} shows. Allowed for: {string.Join(", ", roles)}.");
    }

    /// <summary>
    /// Write scoping of deals: a sales-rep changes the deals they own, a sales-manager also any deal of
    /// a customer in their region.
    /// </summary>
    public static AccessDecision CanChangeDeal(Principal principal, string? dealOwner, string? customerRegion, string dealId)
    {
        var owns = principal.Email is not null && string.Equals(principal.Email, dealOwner, StringComparison.OrdinalIgnoreCase);
        if (owns && principal.Has(Permission.ChangeOwnDeal))
            return AccessDecision.Allow;
        if (principal.Has(Permission.ChangeRegionDeal))
        {
            if (principal.Region is null)
                return AccessDecision.Deny($"You may change deals of your sales region, but no region is mapped for you; ask a crm-admin to set one (admin map email {principal.Email} sales-manager region EMEA). Allowed for: the deal's owner.");
            if (string.Equals(principal.Region, customerRegion, StringComparison.OrdinalIgnoreCase))
                return AccessDecision.Allow;
            return AccessDecision.Deny($"Deal {dealId} belongs to region {customerRegion ?? "(none)"}; you may change deals of region {principal.Region} and your own. " +
                                       $"Allowed for: its owner, a sales-manager of region {customerRegion ?? "(none)"}.");
        }
        if (principal.Has(Permission.ChangeOwnDeal))
            return AccessDecision.Deny($"Deal {dealId} is owned by {dealOwner ?? "nobody"}; a sales-rep may change only their own deals. " +
                                       $"Allowed for: its owner, a sales-manager of region {customerRegion ?? "(none)"}.");
        return Authorize(principal, Permission.ChangeOwnDeal, "change deals");
    }
}

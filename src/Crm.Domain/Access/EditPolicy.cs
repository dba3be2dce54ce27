namespace Crm.Domain.Access;

/// <summary>
/// Who may change which field of a customer or contact: the one rule the <c>customer</c> and
/// <c>contact</c> commands and the card's Edit form share. Deny by default; every denial says why and
/// which role would be allowed.
/// <list type="bullet">
/// <item>owner: a sales-manager of the customer's region (the owner's manager) or a crm-admin;</item>
/// <item>ARR: a sales-manager of the customer's region or a crm-admin;</item>
/// <item>health: a support-agent or a crm-admin;</item>
/// <item>basic fields (name, domain, industry, segment, region, stage): the customer's owner if a
/// sales-rep, a sales-manager of the customer's region, a crm-admin;</item>
/// <item>contact fields: the roles that write contacts (sales-rep, sales-manager, support-agent) and a crm-admin.</item>
/// </list>
/// </summary>
public static class EditPolicy
{
    /// <summary>The class of a customer field, as product.md lists them (health is support data, ARR commercial).</summary>
    public static FieldClass ClassOf(CustomerField field) => field switch
    {
        CustomerField.Arr => FieldClass.Commercial,
        CustomerField.Health => FieldClass.Support,
        _ => FieldClass.Basic,
    };

    /// <summary>The word people type for a field ("arr", "stage").</summary>
    public static string Name(CustomerField field) => field.ToString().ToLowerInvariant();

    public static string Name(ContactField field) => field.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out CustomerField field) => TryParseName(text, out field);

    public static bool TryParse(string? text, out ContactField field) => TryParseName(text, out field);

    public static string AllCustomerFields => string.Join(", ", Enum.GetValues<CustomerField>().Select(Name));

    public static string AllContactFields => string.Join(", ", Enum.GetValues<ContactField>().Select(Name));

    /// <summary>Whether <paramref name="principal"/> may change <paramref name="field"/> of the customer owned by <paramref name="owner"/> in <paramref name="region"/>.</summary>
    public static AccessDecision CanChange(Principal principal, CustomerField field, string? owner, string? region, string customerId)
    {
        if (principal.Role is not { } role)
            return AccessDecision.Deny($"You have no CRM role yet, so you may only run help and whoami. {principal.Why}");
        if (role == Role.CrmAdmin)
            return AccessDecision.Allow;
        var regionName = region ?? "(none)";
        var inRegion = principal.Region is not null && string.Equals(principal.Region, region, StringComparison.OrdinalIgnoreCase);
        var managerOfRegion = $"a sales-manager of region {regionName}";
        var what = $"the {Describe(field)} of {customerId}";

        switch (field)
        {
            case CustomerField.Health:
                return role == Role.SupportAgent
                    ? AccessDecision.Allow
                    : AccessDecision.Deny($"Your role {role.Name()} may not change {what}: health is support data. Allowed for: support-agent, crm-admin.");
            case CustomerField.Owner or CustomerField.Arr:
            {
                var allowedFor = $"Allowed for: {managerOfRegion}, crm-admin.";
                if (role != Role.SalesManager)
                    return AccessDecision.Deny(field == CustomerField.Owner
                        ? $"Your role {role.Name()} may not change {what}: a customer's owner is changed by the owner's manager. {allowedFor}"
                        : $"Your role {role.Name()} may not change {what}: ARR is changed by sales management. {allowedFor}");
                return RegionScoped(principal, inRegion, what, regionName, allowedFor);
            }
            default:
            {
                var allowedFor = $"Allowed for: its owner ({owner ?? "nobody"}) as sales-rep, {managerOfRegion}, crm-admin.";
                if (role == Role.SalesRep)
                    return principal.Email is not null && string.Equals(principal.Email, owner, StringComparison.OrdinalIgnoreCase)
                        ? AccessDecision.Allow
                        : AccessDecision.Deny($"{customerId} is owned by {owner ?? "nobody"}; a sales-rep may change only the customers they own. {allowedFor}");
                if (role == Role.SalesManager)
                    return RegionScoped(principal, inRegion, what, regionName, allowedFor);
                return AccessDecision.Deny($"Your role {role.Name()} may not change {what}. {allowedFor}");
            }
        }
    }

    /// <summary>The customer fields <paramref name="principal"/> may change, in form order.</summary>
    public static IReadOnlyList<CustomerField> Changeable(Principal principal, string? owner, string? region, string customerId) =>
        Enum.GetValues<CustomerField>().Where(f => CanChange(principal, f, owner, region, customerId).Allowed).ToList();

    public static AccessDecision CanChange(Principal principal, ContactField field)
    {
        if (principal.Role is not { } role)
            return AccessDecision.Deny($"You have no CRM role yet, so you may only run help and whoami. {principal.Why}");
        return role is Role.SalesRep or Role.SalesManager or Role.SupportAgent or Role.CrmAdmin
            ? AccessDecision.Allow
            : AccessDecision.Deny($"Your role {role.Name()} may not change a contact's {Name(field)}. Allowed for: sales-rep, sales-manager, support-agent, crm-admin.");
    }

    private static AccessDecision RegionScoped(Principal principal, bool inRegion, string what, string region, string allowedFor)
    {
        if (principal.Region is null)
            return AccessDecision.Deny($"You may change customers of your sales region, but no region is mapped for you; ask a crm-admin to set one " +
                                       $"(admin map email {principal.Email} sales-manager region EMEA). {allowedFor}");
        return inRegion
            ? AccessDecision.Allow
            : AccessDecision.Deny($"You may not change {what}: it is in region {region} and you manage region {principal.Region}. {allowedFor}");
    }

    private static string Describe(CustomerField field) => field switch
    {
        CustomerField.Arr => "ARR",
        CustomerField.Health => "health score",
        _ => Name(field),
    };

    private static bool TryParseName<T>(string? text, out T value) where T : struct, Enum
    {
        var key = text?.Trim();
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), key, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}

namespace Crm.Domain.Access;

public enum Role
{
    SalesRep,
    SalesManager,
    SupportAgent,
    FinanceAnalyst,
    Marketing,
    Executive,
    CrmAdmin,
}

public static class RoleNames
{
    private static readonly Dictionary<Role, string> Names = new()
    {
        [Role.SalesRep] = "sales-rep",
        [Role.SalesManager] = "sales-manager",
        [Role.SupportAgent] = "support-agent",
        [Role.FinanceAnalyst] = "finance-analyst",
        [Role.Marketing] = "marketing",
        [Role.Executive] = "executive",
        [Role.CrmAdmin] = "crm-admin",
    };

    public static string Name(this Role role) => Names[role];

    public static bool TryParse(string? text, out Role role)
    {
        var key = text?.Trim().ToLowerInvariant();
        foreach (var (r, name) in Names)
        {
            if (name == key || r.ToString().Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                role = r;
                return true;
            }
        }
        role = default;
        return false;
    }

    public static string AllNames => string.Join(", ", Names.Values);
}

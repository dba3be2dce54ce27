using Crm.Domain.Common;

namespace Crm.Domain.Access;

/// <summary>
/// The permission table of product.md as data: which permissions and field classes each role has,
/// and which role a channel bound to a department is cleared as.
/// </summary>
public static class RolePolicy
{
    private const FieldClass SalesReads = FieldClass.Basic | FieldClass.Contact | FieldClass.Commercial | FieldClass.SupportSummary;

    private static readonly Dictionary<Role, FieldClass> Reads = new()
    {
        [Role.SalesRep] = SalesReads,
        [Role.SalesManager] = SalesReads | FieldClass.FinancialSummary,
        [Role.SupportAgent] = FieldClass.Basic | FieldClass.Contact | FieldClass.Support,
        [Role.FinanceAnalyst] = FieldClass.Basic | FieldClass.Commercial | FieldClass.Financial,
        [Role.Marketing] = FieldClass.Basic | FieldClass.Aggregates,
        [Role.Executive] = FieldClass.All,
        [Role.CrmAdmin] = FieldClass.All,
    };

    private static readonly Permission[] Reading = [Permission.ReadCustomers, Permission.Share, Permission.Follow, Permission.RunReports];

    private static readonly Dictionary<Role, HashSet<Permission>> Grants = new()
    {
        [Role.SalesRep] = [.. Reading, Permission.CreateCustomer, Permission.CreateContact, Permission.CreateDeal, Permission.WriteNote,
            Permission.ChangeOwnDeal, Permission.WriteTask, Permission.OfferHandoff, Permission.DecideHandoff, Permission.EditCustomer, Permission.EditContact],
        [Role.SalesManager] = [.. Reading, Permission.CreateCustomer, Permission.CreateContact, Permission.CreateDeal, Permission.WriteNote,
            Permission.ChangeOwnDeal, Permission.ChangeRegionDeal, Permission.WriteTask, Permission.OfferHandoff, Permission.DecideHandoff,
            Permission.ManageDigests, Permission.ReadAudit, Permission.EditCustomer, Permission.EditContact],
        [Role.SupportAgent] = [.. Reading, Permission.CreateContact, Permission.WriteNote, Permission.WriteTicket, Permission.WriteTask,
            Permission.OfferHandoff, Permission.DecideHandoff, Permission.EditCustomer, Permission.EditContact],
        [Role.FinanceAnalyst] = [.. Reading, Permission.WriteNote, Permission.ReadInvoices, Permission.WriteInvoice, Permission.ManageDigests,
            Permission.DecideHandoff],
        [Role.Marketing] = [.. Reading, Permission.WriteNote, Permission.DecideHandoff],
        [Role.Executive] = [.. Reading, Permission.ReadInvoices, Permission.ManageDigests, Permission.ReadAudit],
        [Role.CrmAdmin] = [.. Reading, Permission.ReadInvoices, Permission.ReadAudit, Permission.ExportAudit, Permission.Admin,
            Permission.EditCustomer, Permission.EditContact],
    };

    /// <summary>The department whose handoffs a role accepts or declines.</summary>
    private static readonly Dictionary<Role, Department> HomeDepartments = new()
    {
        [Role.SalesRep] = Department.Sales,
        [Role.SalesManager] = Department.Sales,
        [Role.SupportAgent] = Department.Support,
        [Role.FinanceAnalyst] = Department.Finance,
        [Role.Marketing] = Department.Marketing,
        [Role.Executive] = Department.Management,
    };

    public static FieldClass ReadableBy(Role role) => Reads[role];

    public static bool Has(Role role, Permission permission) => Grants[role].Contains(permission);

    public static IReadOnlyList<Role> RolesWith(Permission permission) =>
        Enum.GetValues<Role>().Where(r => Has(r, permission)).ToList();

    public static IReadOnlyList<Role> RolesReading(FieldClass fieldClass) =>
        Enum.GetValues<Role>().Where(r => (ReadableBy(r) & fieldClass) == fieldClass).ToList();

    public static Department? HomeDepartment(Role role) => HomeDepartments.TryGetValue(role, out var d) ? d : null;

    /// <summary>The role a channel bound to <paramref name="department"/> is cleared as.</summary>
    public static Role BaseRole(Department department) => department switch
    {
        Department.Sales => Role.SalesRep,
        Department.Support => Role.SupportAgent,
        Department.Finance => Role.FinanceAnalyst,
        Department.Marketing => Role.Marketing,
        _ => Role.Executive,
    };

    public static IReadOnlyList<Permission> PermissionsOf(Role role) => Grants[role].OrderBy(p => p).ToList();
}

using Crm.Domain.Access;
using Crm.Domain.Common;

namespace Crm.Bot.Platforms.Slack;

/// <summary>The department whose handoffs a role works on (Slack reports no department of its own).</summary>
internal static class SlackRoleDepartments
{
    public static Department Of(Role role) => role switch
    {
        Role.SalesRep or Role.SalesManager => Department.Sales,
        Role.SupportAgent => Department.Support,
        Role.FinanceAnalyst => Department.Finance,
        Role.Marketing => Department.Marketing,
        _ => Department.Management,
    };
}

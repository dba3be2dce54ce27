using Crm.Domain.Common;
using Crm.Domain.Digests;
using Crm.Domain.Reports;

namespace Crm.Domain.Access;

/// <summary>
/// Who may manage which digest where: an executive any digest; a sales-manager digests for their
/// (Sales) channels; a finance-analyst the finance digest (overdue). And a channel only gets a digest
/// its clearance can show at all.
/// </summary>
public static class DigestPolicy
{
    public static AccessDecision CanManage(Principal principal, DigestKind kind, Department? channelDepartment, string channelName)
    {
        var scoped = principal.Role switch
        {
            Role.Executive => AccessDecision.Allow,
            Role.SalesManager when channelDepartment == Department.Sales => AccessDecision.Allow,
            Role.SalesManager => AccessDecision.Deny($"A sales-manager manages digests of Sales channels; #{channelName} is bound to {channelDepartment?.ToString() ?? "no department"}. Allowed for: executive."),
            Role.FinanceAnalyst when kind == DigestKind.Overdue => AccessDecision.Allow,
            Role.FinanceAnalyst => AccessDecision.Deny($"A finance-analyst manages the finance digest (overdue), not {kind.Name()}. Allowed for: sales-manager (in Sales channels), executive."),
            _ => AccessPolicy.Authorize(principal, Permission.ManageDigests, "manage digests"),
        };
        if (!scoped.Allowed)
            return scoped;
        if (ReportReplyBuilder.ViewFor(kind, Audience.ChannelClearance(channelDepartment)) == ReportView.None)
            return AccessDecision.Deny($"#{channelName} is bound to {channelDepartment?.ToString() ?? "no department"}, whose clearance shows nothing of the {kind.Name()} report; " +
                                       $"it needs {kind.RequiredClass().Name()} data. Bind the channel to a department that may read it, or use another channel.");
        return AccessDecision.Allow;
    }
}

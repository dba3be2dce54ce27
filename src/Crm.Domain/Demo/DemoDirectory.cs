using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Identity;

namespace Crm.Domain.Demo;

/// <summary>One of the fixed demo people of product.md.</summary>
public sealed record DemoUser(string Email, string DisplayName, Department Department, Role Role, string? Region, string SlackUserId, string TeamsObjectId)
{
    public DirectoryUser ToDirectoryUser() =>
        new(Email, DisplayName, Department.ToString(), $"{DisplayName.Split(' ')[0]} ({Role.Name()})", [], "Europe/Berlin");
}

/// <summary>A fixed demo channel of product.md.</summary>
public sealed record DemoChannel(Platform Platform, string Workspace, string ExternalId, string Name, Department? Department);

/// <summary>The fixed people and channels that docs, examples and tests name.</summary>
public static class DemoDirectory
{
    public const string SlackWorkspace = "T0DEMO";
    public const string TeamsTenant = "11111111-2222-4333-8444-555555555555";

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("ava@example.com", "Ava Sales", Department.Sales, Role.SalesRep, "EMEA", "U0AVA", "00000000-0000-4000-8000-0000000000a1"),
        new("max@example.com", "Max Manager", Department.Sales, Role.SalesManager, "EMEA", "U0MAX", "00000000-0000-4000-8000-0000000000a2"),
        new("sam@example.com", "Sam Support", Department.Support, Role.SupportAgent, null, "U0SAM", "00000000-0000-4000-8000-0000000000a3"),
        new("fiona@example.com", "Fiona Finance", Department.Finance, Role.FinanceAnalyst, null, "U0FIONA", "00000000-0000-4000-8000-0000000000a4"),
        new("mia@example.com", "Mia Marketing", Department.Marketing, Role.Marketing, null, "U0MIA", "00000000-0000-4000-8000-0000000000a5"),
        new("eve@example.com", "Eve Executive", Department.Management, Role.Executive, null, "U0EVE", "00000000-0000-4000-8000-0000000000a6"),
        new("root@example.com", "Root Admin", Department.Management, Role.CrmAdmin, null, "U0ROOT", "00000000-0000-4000-8000-0000000000a7"),
    ];

    public static readonly IReadOnlyList<DemoChannel> Channels =
    [
        new(Platform.Slack, SlackWorkspace, "C0SALES", "sales", Department.Sales),
        new(Platform.Slack, SlackWorkspace, "C0MKT", "marketing", Department.Marketing),
        new(Platform.Slack, SlackWorkspace, "C0GENERAL", "general", null),
        new(Platform.Teams, TeamsTenant, "19:support@thread.tacv2", "Support", Department.Support),
        new(Platform.Teams, TeamsTenant, "19:finance@thread.tacv2", "Finance", Department.Finance),
    ];

    public static DemoUser? FindByEmail(string email) =>
        Users.FirstOrDefault(u => u.Email.Equals(email.Trim(), StringComparison.OrdinalIgnoreCase));
}

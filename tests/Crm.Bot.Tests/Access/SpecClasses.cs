using Crm.Domain.Common;

namespace Crm.Bot.Tests.Access;

/// <summary>product.md's "reads" column and channel clearance, written out independently of the policy under test.</summary>
public static class SpecClasses
{
    public const string Basic = "basic", Contact = "contact", Commercial = "commercial", SupportSummary = "support summary",
        Support = "support", FinancialSummary = "financial summary", Financial = "financial";

    public static readonly string[] All = [Basic, Contact, Commercial, SupportSummary, Support, FinancialSummary, Financial];

    public static readonly Dictionary<string, string[]> ByPerson = new()
    {
        ["ava@example.com"] = [Basic, Contact, Commercial, SupportSummary],
        ["max@example.com"] = [Basic, Contact, Commercial, SupportSummary, FinancialSummary],
        ["sam@example.com"] = [Basic, Contact, SupportSummary, Support],
        ["fiona@example.com"] = [Basic, Commercial, FinancialSummary, Financial],
        ["mia@example.com"] = [Basic],
        ["eve@example.com"] = All,
        ["root@example.com"] = All,
    };

    public static string[] ForChannel(Department? department) => department switch
    {
        Department.Sales => ByPerson["ava@example.com"],
        Department.Support => ByPerson["sam@example.com"],
        Department.Finance => ByPerson["fiona@example.com"],
        Department.Marketing => ByPerson["mia@example.com"],
        Department.Management => All,
        _ => [Basic],
    };
}

using System.Text.Json.Nodes;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Identity;
using Crm.Bot.Pipeline.Identity;
using Crm.Domain.Audit;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>
/// Group rules name directory objects, not display names anyone can give a new group: the real
/// pipeline through Teams, Graph and the Bot Connector fakes, on the demo records.
/// </summary>
public sealed class TeamsGroupRuleTests : IAsyncLifetime
{
    private const string FinanceGroup = "6a1c0f4e-1111-4000-8000-00000000f001";
    private const string ImpostorGroup = "6a1c0f4e-2222-4000-8000-00000000f002";
    private const string IdNamedGroup = "6a1c0f4e-3333-4000-8000-00000000f003";
    private const string DoraId = "00000000-0000-4000-8000-0000000000d1";
    private const string GretaId = "00000000-0000-4000-8000-0000000000d2";
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsTestHost.StartAsync();
        await using var db = _host.Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        DemoFixedRecords.Add(db, DateOnly.FromDateTime(now.UtcDateTime), now);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DemoUser Root => DemoDirectory.FindByEmail("root@example.com")!;

    /// <summary>Someone with no e-mail or department rule: only a group rule could give them a role.</summary>
    private static DemoUser Person(string objectId, string email) =>
        new(email, email.Split('@')[0], Department.Sales, Role.SalesRep, null, "U0NONE", objectId);

    private void InGraph(string objectId, string email, params (string Id, string Name)[] groups) =>
        _host.Graph.AddUser(new FakeGraph.GraphUser(objectId, email.Split('@')[0], email, email, "Operations", null, groups));

    private async Task<string> AnswerTo(DemoUser user, string text)
    {
        var before = _host.Connector.Calls.Count;
        await _host.PostAsync(_host.Activities.Personal(user, text));
        var calls = await _host.Connector.WaitForCallsAsync(before + 1);
        Assert.True(calls.Count > before, $"no answer to '{text}'");
        return string.Concat(calls.Skip(before).Select(c => c.Body!.ToJsonString()));
    }

    private async Task<List<RoleMappingRule>> GroupRulesAsync()
    {
        await using var db = _host.Database.CreateContext();
        return await db.RoleMappings.Where(r => r.Kind == MappingKind.Group).ToListAsync();
    }

    [Fact]
    public async Task ANameSeveralGroupsShare_ListsThemWithTheirIds_AndMapsNothing()
    {
        _host.Graph.AddGroup(FinanceGroup, "CRM Finance");
        _host.Graph.AddGroup(ImpostorGroup, "CRM Finance");

        var answer = await AnswerTo(Root, "admin map group \"CRM Finance\" finance-analyst");

        Assert.Contains(FinanceGroup, answer);
        Assert.Contains(ImpostorGroup, answer);
        Assert.Contains($"admin map group {FinanceGroup} finance-analyst", answer);
        Assert.Empty(await GroupRulesAsync());
    }

    [Fact]
    public async Task ANameNoGroupHas_IsSaidSo_AndMapsNothing()
    {
        var answer = await AnswerTo(Root, "admin map group \"CRM Finanse\" finance-analyst");

        Assert.Contains("No group", answer);
        Assert.Empty(await GroupRulesAsync());
    }

    [Fact]
    public async Task MappingByName_StoresTheGroupsId_AndALaterGroupOfTheSameNameGetsNothing()
    {
        _host.Graph.AddGroup(FinanceGroup, "CRM Finance");
        await AnswerTo(Root, "admin map group \"CRM Finance\" finance-analyst");
        // Created after the rule: anyone may create a team called "CRM Finance".
        InGraph(DoraId, "dora@example.com", (ImpostorGroup, "CRM Finance"));
        InGraph(GretaId, "greta@example.com", (FinanceGroup, "CRM Finance"));

        var dora = await AnswerTo(Person(DoraId, "dora@example.com"), "whoami");
        var greta = await AnswerTo(Person(GretaId, "greta@example.com"), "whoami");

        var rule = Assert.Single(await GroupRulesAsync());
        Assert.Equal(FinanceGroup, rule.Match);
        Assert.DoesNotContain("finance-analyst", dora);
        Assert.Contains("finance-analyst", greta);
    }

    [Fact]
    public async Task AGroupWhoseNameIsAnotherGroupsId_MatchesNothing()
    {
        _host.Graph.AddGroup(FinanceGroup, "CRM Finance");
        await AnswerTo(Root, $"admin map group {FinanceGroup} finance-analyst");
        InGraph(DoraId, "dora@example.com", (IdNamedGroup, FinanceGroup));

        var dora = await AnswerTo(Person(DoraId, "dora@example.com"), "whoami");

        Assert.Equal(FinanceGroup, Assert.Single(await GroupRulesAsync()).Match);
        Assert.DoesNotContain("finance-analyst", dora);
    }

    [Fact]
    public async Task AnOldNameOnlyRule_NeverMatchesByName_AndIsFlaggedToTheAdmin()
    {
        await using (var db = _host.Database.CreateContext())
        {
            db.RoleMappings.Add(new RoleMappingRule(MappingKind.Group, "CRM Finance", Role.FinanceAnalyst, null, "root@example.com", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        InGraph(DoraId, "dora@example.com", (ImpostorGroup, "CRM Finance"));

        var dora = await AnswerTo(Person(DoraId, "dora@example.com"), "whoami");
        var rules = await AnswerTo(Root, "admin rules");

        Assert.DoesNotContain("finance-analyst", dora);
        Assert.Contains("crm finance", rules);
        Assert.Contains("matches nobody", rules);
    }

    [Fact]
    public async Task AdminRules_ShowsGroupNamesThatDifferOnlyByAnInvisibleCharacter_AsDifferent()
    {
        await using (var db = _host.Database.CreateContext())
        {
            // Straight into the table, as an older row would be: the look-alike keeps its zero-width space.
            db.RoleMappings.Add(new RoleMappingRule(MappingKind.Group, "CRM Finance", Role.FinanceAnalyst, null, "root@example.com", DateTimeOffset.UtcNow));
            db.RoleMappings.Add(new RoleMappingRule(MappingKind.Group, "CRM\u200B Finance", Role.SalesManager, null, "root@example.com", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var rules = await AnswerTo(Root, "admin rules");

        Assert.Contains("crm finance", rules);
        Assert.Contains(JsonValue.Create("crm\uFFFD finance")!.ToJsonString().Trim('"'), rules);
        Assert.DoesNotContain(JsonValue.Create("crm\u200B finance")!.ToJsonString().Trim('"'), rules);
    }

    [Fact]
    public async Task AdminRules_ShowsTheGroupsIdAndItsWholeName()
    {
        var longName = "CRM Finance " + string.Concat(Enumerable.Repeat("and Accounts Receivable ", 8)).Trim();
        _host.Graph.AddGroup(FinanceGroup, longName);
        await AnswerTo(Root, $"admin map group \"{longName}\" finance-analyst");

        var rules = await AnswerTo(Root, "admin rules");

        Assert.Contains(FinanceGroup, rules);
        Assert.Contains(JsonValue.Create(longName)!.ToJsonString().Trim('"'), rules);
    }

    [Fact]
    public async Task AnObjectIdTheDirectoryDoesNotKnow_IsRefused()
    {
        var answer = await AnswerTo(Root, $"admin map group {ImpostorGroup} finance-analyst");

        Assert.Contains("No group in the directory has the object id", answer);
        Assert.Empty(await GroupRulesAsync());
    }

    [Fact]
    public async Task OldNameOnlyRules_AreResolvedAtStart_WhenExactlyOneGroupHasTheName()
    {
        _host.Graph.AddGroup(FinanceGroup, "CRM Finance");
        await using (var db = _host.Database.CreateContext())
        {
            db.RoleMappings.Add(new RoleMappingRule(MappingKind.Group, "CRM Finance", Role.FinanceAnalyst, null, "root@example.com", DateTimeOffset.UtcNow));
            db.RoleMappings.Add(new RoleMappingRule(MappingKind.Group, "CRM Ops", Role.SupportAgent, null, "root@example.com", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        InGraph(GretaId, "greta@example.com", (FinanceGroup, "CRM Finance"));

        var left = await _host.Services.GetRequiredService<NameOnlyGroupRules>().ResolveAsync(CancellationToken.None);
        var greta = await AnswerTo(Person(GretaId, "greta@example.com"), "whoami");

        Assert.Equal(1, left);
        var rules = await GroupRulesAsync();
        var resolved = Assert.Single(rules, r => r.Match == FinanceGroup);
        Assert.Equal(("CRM Finance", Role.FinanceAnalyst), (resolved.MatchName, resolved.Role));
        Assert.True(Assert.Single(rules, r => r.Match == "crm ops").IsNameOnlyGroup);
        Assert.Contains("finance-analyst", greta);
        await using var check = _host.Database.CreateContext();
        Assert.Single(await check.Audit.Where(a => a.Action == AuditAction.Admin && a.Detail!.Contains(FinanceGroup)).ToListAsync());
    }

    [Fact]
    public async Task AGroupRule_IsRemovedByTheNameItShows_OrByItsId()
    {
        _host.Graph.AddGroup(FinanceGroup, "CRM Finance");
        _host.Graph.AddGroup(IdNamedGroup, "CRM Support");
        await AnswerTo(Root, "admin map group \"CRM Finance\" finance-analyst");
        await AnswerTo(Root, "admin map group \"CRM Support\" support-agent");

        await AnswerTo(Root, "admin unmap group \"crm finance\"");
        await AnswerTo(Root, $"admin unmap group {IdNamedGroup.ToUpperInvariant()}");

        Assert.Empty(await GroupRulesAsync());
    }
}

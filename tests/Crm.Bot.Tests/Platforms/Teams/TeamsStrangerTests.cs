using System.Text.Json.Nodes;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>
/// What someone without a role learns (nothing about the administrators), and how a mentioned
/// person is found (by the id Teams sends or an e-mail, never by a display name anyone can set).
/// </summary>
public sealed class TeamsStrangerTests : IAsyncLifetime
{
    private const string StrangerId = "00000000-0000-4000-8000-0000000000e1";
    private const string MalloryId = "00000000-0000-4000-8000-0000000000e2";
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

    private static DemoUser User(string name) => DemoDirectory.FindByEmail($"{name}@example.com")!;

    private static DemoUser Outsider(string objectId, string email, string name) =>
        new(email, name, Department.Sales, Role.SalesRep, null, "U0NONE", objectId);

    private async Task<string> AnswerTo(JsonObject activity)
    {
        var before = _host.Connector.Calls.Count;
        await _host.PostAsync(activity);
        var calls = await _host.Connector.WaitForCallsAsync(before + 1);
        Assert.True(calls.Count > before, "no answer");
        return string.Concat(calls.Skip(before).Select(c => c.Body!.ToJsonString()));
    }

    [Theory]
    [InlineData("whoami")]
    [InlineData("show acme")]
    [InlineData("admin rules")]
    [InlineData("help")]
    public async Task AStranger_LearnsNoAdministratorsAddress(string command)
    {
        _host.Graph.AddUser(new FakeGraph.GraphUser(StrangerId, "Stan Stranger", "stan@example.com", "stan@example.com", "Operations", null, []));

        var answer = await AnswerTo(_host.Activities.Personal(Outsider(StrangerId, "stan@example.com", "Stan Stranger"), command));

        Assert.Contains("stan@example.com", answer);
        foreach (var admin in DemoDirectory.Users.Where(u => u.Role == Role.CrmAdmin))
            Assert.DoesNotContain(admin.Email, answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ADisplayNameSomeoneChose_DoesNotMakeThemTheMentionedPerson()
    {
        // Mallory calls herself "Dana Finance"; there is no dana@ anyone could mean.
        _host.Graph.AddUser(new FakeGraph.GraphUser(MalloryId, "Dana Finance", "mallory@example.com", "mallory@example.com", "Operations", null, []));
        await AnswerTo(_host.Activities.Personal(Outsider(MalloryId, "mallory@example.com", "Dana Finance"), "whoami"));

        var typed = await AnswerTo(_host.Activities.Personal(User("ava"), "task acme @dana call back due fri"));
        var tagged = await AnswerTo(_host.Activities.Personal(User("ava"), "task acme <at>Dana Finance</at> call back due fri"));

        Assert.Contains("e-mail", typed);
        Assert.Contains("e-mail", tagged);
        await using var db = _host.Database.CreateContext();
        Assert.Equal(0, await db.Tasks.CountAsync());
    }

    [Fact]
    public async Task ATeamsMention_IsThePersonItsIdNames_WhateverTheTextSays()
    {
        await AnswerTo(_host.Activities.Personal(User("sam"), "whoami"));
        var activity = _host.Activities.Personal(User("ava"), "task acme <at>Max Manager</at> check login due tomorrow");
        // Teams sends the mentioned person's id with the mention; the visible text is only a label.
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>Max Manager</at>",
            ["mentioned"] = new JsonObject { ["id"] = TeamsActivityFactory.TeamsUserId(User("sam")), ["name"] = "Max Manager" },
        });

        await AnswerTo(activity);

        await using var db = _host.Database.CreateContext();
        Assert.Equal("sam@example.com", (await db.Tasks.SingleAsync()).AssigneeEmail);
    }

    [Fact]
    public async Task AMentionOfSomeoneWhoNeverSpokeToTheBot_IsFoundInTheDirectoryByObjectId()
    {
        var activity = _host.Activities.Personal(User("ava"), "task acme <at>Fiona</at> send the invoice due fri");
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>Fiona</at>",
            ["mentioned"] = new JsonObject { ["id"] = "29:fiona-teams-id", ["name"] = "Fiona", ["aadObjectId"] = User("fiona").TeamsObjectId },
        });

        await AnswerTo(activity);

        await using var db = _host.Database.CreateContext();
        var task = await db.Tasks.SingleAsync();
        Assert.Equal("fiona@example.com", task.AssigneeEmail);
        Assert.DoesNotContain("Fiona", task.Text);
    }
}

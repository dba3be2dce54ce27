using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Audit;
using Crm.Domain.Replies;
using Crm.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Commands;

/// <summary>
/// Attack tests: a task belongs to its assignee, its creator, a manager of the assignee's department
/// and crm-admins. Anyone else who tries to complete, reschedule or reassign it is denied, and the
/// task does not change.
/// </summary>
public sealed class TaskOwnershipTests : IAsyncLifetime
{
    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private async Task<CrmTask> TaskAsync(string humanNumber)
    {
        var number = long.Parse(humanNumber[2..]);
        await using var db = _harness.Db();
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Number == number);
    }

    /// <summary>ava (sales-rep) gives sam (support) a task; returns its id.</summary>
    private async Task<string> SamsTaskFromAvaAsync()
    {
        var created = await _harness.AskAsync("ava@example.com", "task acme sam@example.com check the open ticket due fri");
        Assert.Equal(ReplyTone.Success, created.Tone);
        await using var db = _harness.Db();
        return (await db.Tasks.OrderByDescending(t => t.Id).FirstAsync()).HumanId;
    }

    [Theory]
    [InlineData("fiona@example.com", "done")] // finance-analyst: no relation to the task
    [InlineData("mia@example.com", "due mon 10:00")] // marketing
    [InlineData("eve@example.com", "to eve@example.com")] // executive: reads everything, manages no one's tasks
    [InlineData("max@example.com", "done")] // sales-manager, but sam is in Support
    public async Task Stranger_CannotCompleteRescheduleOrReassign_AndTheTaskStaysAsItWas(string stranger, string change)
    {
        var id = await SamsTaskFromAvaAsync();
        var before = await TaskAsync(id);

        var reply = await _harness.AskAsync(stranger, $"task {id} {change}");

        Assert.Equal(ReplyTone.Denied, reply.Tone);
        Assert.Contains("sam@example.com", reply.FallbackText);
        Assert.Contains("ava@example.com", reply.FallbackText);
        Assert.Contains("crm-admin", reply.FallbackText);
        Assert.DoesNotContain("root@example.com", reply.FallbackText); // administrators are named by role only
        var after = await TaskAsync(id);
        Assert.Equal((before.Done, before.DueAt, before.AssigneeEmail), (after.Done, after.DueAt, after.AssigneeEmail));
        await using var db = _harness.Db();
        Assert.True(await db.Audit.AnyAsync(a => a.Actor == stranger && a.RecordRef == id && a.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task Assignee_WithoutTheTaskPermission_MayCompleteTheirOwnTask()
    {
        var created = await _harness.AskAsync("ava@example.com", "task acme mia@example.com prepare the case study due fri");
        Assert.Equal(ReplyTone.Success, created.Tone);
        await using (var db = _harness.Db())
        {
            var id = (await db.Tasks.SingleAsync()).HumanId;
            var done = await _harness.AskAsync("mia@example.com", $"task {id} done");
            Assert.Equal(ReplyTone.Success, done.Tone);
            Assert.True((await TaskAsync(id)).Done);
        }
    }

    [Fact]
    public async Task Creator_Reschedules_ManagerOfTheAssigneesDepartment_Reassigns_AdminCompletes()
    {
        var created = await _harness.AskAsync("sam@example.com", "task acme ava@example.com call the customer back due fri");
        Assert.Equal(ReplyTone.Success, created.Tone);
        string id;
        await using (var db = _harness.Db())
            id = (await db.Tasks.SingleAsync()).HumanId;

        Assert.Equal(ReplyTone.Success, (await _harness.AskAsync("sam@example.com", $"task {id} due mon 10:00")).Tone);
        var reassigned = await _harness.AskAsync("max@example.com", $"task {id} to max@example.com");
        Assert.Equal(ReplyTone.Success, reassigned.Tone);
        Assert.Equal("max@example.com", (await TaskAsync(id)).AssigneeEmail);

        // ava handed it on: she is neither its assignee nor its creator any more.
        Assert.Equal(ReplyTone.Denied, (await _harness.AskAsync("ava@example.com", $"task {id} done")).Tone);
        Assert.Equal(ReplyTone.Success, (await _harness.AskAsync("root@example.com", $"task {id} done")).Tone);
        Assert.True((await TaskAsync(id)).Done);
    }

    [Fact]
    public async Task Reassigning_ToSomeoneUnknown_SaysWhy_AndChangesNothing()
    {
        var id = await SamsTaskFromAvaAsync();

        var reply = await _harness.AskAsync("ava@example.com", $"task {id} to @nobody-here");

        Assert.Equal(ReplyTone.Error, reply.Tone);
        Assert.Contains("nobody-here", reply.FallbackText);
        Assert.Equal("sam@example.com", (await TaskAsync(id)).AssigneeEmail);
    }
}

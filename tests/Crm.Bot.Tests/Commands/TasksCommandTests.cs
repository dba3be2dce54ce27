using Crm.Bot.Commands.Tasks;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Crm.Domain.Tasks;
using Crm.Domain.Timeline;
using Crm.Jobs.Reminders;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Commands;

/// <summary>
/// `tasks`: the asker's open tasks (or, for those who manage them, someone else's), overdue first, with
/// Done and +1 day buttons that run through the pipeline like typed commands, on the demo data and the
/// real reminder scheduler.
/// </summary>
public sealed class TasksCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = PipelineHarness.Start; // Thursday 2026-11-26 10:00 UTC, 11:00 in Berlin
    private readonly InMemoryStorage _jobs = new();
    private PipelineHarness _h = null!;
    private long _acmeId;

    public async Task InitializeAsync()
    {
        _h = await PipelineHarness.CreateAsync(services =>
            services.AddSingleton<ITaskReminderScheduler>(new HangfireTaskReminderScheduler(new BackgroundJobClient(_jobs))));
        await using var db = _h.Db();
        _acmeId = (await db.Customers.SingleAsync(c => c.Number == 1001)).Id;
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _jobs.Dispose();
    }

    private async Task<CrmTask> AddAsync(long number, string assignee, string text, DateTimeOffset due, bool done = false)
    {
        await using var db = _h.Db();
        var task = new CrmTask(number, _acmeId, assignee, text, due, "max@example.com");
        if (done) task.Complete(Now.AddHours(-1));
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        if (!done)
        {
            task.ReminderJobId = await new HangfireTaskReminderScheduler(new BackgroundJobClient(_jobs)).ScheduleAsync(task, default);
            await db.SaveChangesAsync();
        }
        return task;
    }

    private async Task<CrmTask> TaskAsync(long number)
    {
        await using var db = _h.Db();
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Number == number);
    }

    private string? StateOf(string jobId)
    {
        using var connection = _jobs.GetConnection();
        return connection.GetJobData(jobId)?.State;
    }

    private static List<string> TaskLines(Reply reply) =>
        reply.Blocks.OfType<TextBlock>().Select(b => b.Text).ToList();

    [Fact]
    public async Task Tasks_ListsOnlyTheAskersOpenTasks_OverdueFirst_ThenByDueTime_InTheirZone_WithButtons()
    {
        await AddAsync(2001, "ava@example.com", "Send the contract", Now.AddDays(5));
        await AddAsync(2002, "ava@example.com", "Call back about renewal", Now.AddDays(-2));
        await AddAsync(2003, "ava@example.com", "Book the demo", Now.AddHours(3));
        await AddAsync(2004, "ava@example.com", "Answer the e-mail", Now.AddHours(-1));
        await AddAsync(2005, "ava@example.com", "Already finished", Now.AddDays(-3), done: true);
        await AddAsync(2006, "sam@example.com", "Someone else's", Now.AddDays(-4));

        var reply = await _h.AskAsync("ava@example.com", "tasks");

        Assert.Equal(ReplyVisibility.Private, reply.Visibility);
        Assert.Equal(
            ["K-2002 · C-1001 Acme Corporation: Call back about renewal", "K-2004 · C-1001 Acme Corporation: Answer the e-mail",
             "K-2003 · C-1001 Acme Corporation: Book the demo", "K-2001 · C-1001 Acme Corporation: Send the contract"],
            TaskLines(reply));
        var dues = reply.Blocks.OfType<ContextBlock>().Select(c => c.Text).ToList();
        // Ava's profile says Europe/Berlin (UTC+1 in November): every time in her zone, named.
        Assert.Equal(["Overdue: was due 2026-11-24 11:00 Europe/Berlin", "Overdue: was due 2026-11-26 10:00 Europe/Berlin",
            "Due 2026-11-26 14:00 Europe/Berlin", "Due 2026-12-01 11:00 Europe/Berlin"], dues);
        var buttons = reply.Blocks.OfType<ActionsBlock>().First().Buttons;
        Assert.Equal([("Done", "task K-2002 done"), ("+1 day", "task K-2002 due +1d")], buttons.Select(b => (b.Label, b.Command)));
        Assert.Contains("4 open task(s), 2 overdue", reply.FallbackText);
    }

    [Fact]
    public async Task Tasks_CapsTheList_AndCountsTheRest()
    {
        for (var i = 0; i < TasksCommand.Cap + 3; i++)
            await AddAsync(3000 + i, "ava@example.com", $"Follow-up {i}", Now.AddDays(i + 1));

        var reply = await _h.AskAsync("ava@example.com", "tasks");

        Assert.Equal(TasksCommand.Cap, TaskLines(reply).Count);
        Assert.Contains("Follow-up 0", TaskLines(reply)[0]);
        Assert.Equal("… and 3 more open task(s), due later than these.", reply.Blocks.OfType<ContextBlock>().Last().Text);
        Assert.Contains($"showing {TasksCommand.Cap} of {TasksCommand.Cap + 3}", reply.FallbackText);
    }

    [Fact]
    public async Task Tasks_WithNone_SaysSo()
    {
        var reply = await _h.AskAsync("sam@example.com", "tasks");
        Assert.Equal("You have no open tasks.", reply.FallbackText);
    }

    [Theory]
    [InlineData("max@example.com", true)] // sales-manager of ava's department and region
    [InlineData("root@example.com", true)] // crm-admin
    [InlineData("sam@example.com", false)] // support-agent
    [InlineData("eve@example.com", false)] // executive: reads everything, manages no one's tasks
    [InlineData("fiona@example.com", false)]
    public async Task TasksOfSomeoneElse_AreShownToTheirManagerAndAdmins_OthersAreDeniedWithTheReason(string asker, bool allowed)
    {
        await AddAsync(2101, "ava@example.com", "Call back about renewal", Now.AddDays(1));

        var reply = await _h.AskAsync(asker, "tasks @ava");

        await using var db = _h.Db();
        if (allowed)
        {
            Assert.Equal(["K-2101 · C-1001 Acme Corporation: Call back about renewal"], TaskLines(reply));
            Assert.True(await db.Audit.AnyAsync(a => a.Actor == asker && a.Action == AuditAction.View && a.Detail == "tasks of ava@example.com: 1 open"));
        }
        else
        {
            Assert.Equal(ReplyTone.Denied, reply.Tone);
            Assert.Contains("Allowed for: ava@example.com, a sales-manager of Sales, or a crm-admin", reply.FallbackText);
            Assert.DoesNotContain("Call back", reply.ToJson());
            Assert.True(await db.Audit.AnyAsync(a => a.Actor == asker && a.Outcome == AuditOutcome.Denied));
        }
    }

    [Fact]
    public async Task ASalesManager_IsDenied_TheTasksOfARepInAnotherRegion()
    {
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync("root@example.com", "admin map email dana@example.com sales-rep region AMER")).Tone);

        var reply = await _h.AskAsync("max@example.com", "tasks dana@example.com");

        Assert.Equal(ReplyTone.Denied, reply.Tone);
        Assert.Contains("region AMER", reply.FallbackText);
    }

    [Fact]
    public async Task ARep_IsDenied_TheirManagersTasks()
    {
        var reply = await _h.AskAsync("ava@example.com", "tasks @max");
        Assert.Equal(ReplyTone.Denied, reply.Tone);
    }

    [Fact]
    public async Task DoneButton_CompletesTheTask_CancelsItsReminder_WritesTheTimeline_AndIsIdempotent()
    {
        var task = await AddAsync(2201, "ava@example.com", "Call back about renewal", Now.AddDays(-1));
        var list = await _h.AskAsync("ava@example.com", "tasks");
        var done = list.Blocks.OfType<ActionsBlock>().Single().Buttons.Single(b => b.Label == "Done");

        var key = _h.NextKey();
        var first = await _h.AskAsync("ava@example.com", done.Command, key);
        var redelivered = await _h.AskAsync("ava@example.com", done.Command, key);
        var clickedAgain = await _h.AskAsync("ava@example.com", done.Command);

        Assert.Equal(ReplyTone.Success, first.Tone);
        Assert.Equal("Task K-2201 is done.", first.FallbackText);
        Assert.Equal("Task K-2201 is already done.", clickedAgain.FallbackText);
        Assert.NotEqual(ReplyTone.Error, redelivered.Tone);
        Assert.True((await TaskAsync(2201)).Done);
        Assert.Equal("Deleted", StateOf(task.ReminderJobId!));
        await using var db = _h.Db();
        var entry = Assert.Single(await db.Timeline.Where(t => t.RecordRef == "K-2201").ToListAsync());
        Assert.Equal((TimelineKind.Task, FieldClass.Basic, "Task K-2201 done: Call back about renewal"), (entry.Kind, entry.FieldClass, entry.Text));
        Assert.Equal(1, await db.Audit.CountAsync(a => a.RecordRef == "K-2201" && a.Detail == "task done"));
        Assert.Equal("You have no open tasks.", (await _h.AskAsync("ava@example.com", "tasks")).FallbackText);
    }

    [Fact]
    public async Task PlusOneDayButton_MovesTheDueTimeAndTheReminder_ByADayInTheAssigneesZone()
    {
        // Due Friday 09:00 Berlin; +1 day is Saturday 09:00 Berlin.
        var task = await AddAsync(2301, "ava@example.com", "Send the proposal", new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        var list = await _h.AskAsync("ava@example.com", "tasks");
        var later = list.Blocks.OfType<ActionsBlock>().Single().Buttons.Single(b => b.Label == "+1 day");

        var reply = await _h.AskAsync("ava@example.com", later.Command);

        Assert.Equal(ReplyTone.Success, reply.Tone);
        Assert.Equal("Task K-2301 is now due 2026-11-28 09:00 Europe/Berlin.", reply.FallbackText);
        var moved = await TaskAsync(2301);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero), moved.DueAt);
        Assert.Equal("Deleted", StateOf(task.ReminderJobId!));
        Assert.Equal("Scheduled", StateOf(moved.ReminderJobId!));
        using (var connection = _jobs.GetConnection())
        {
            var state = connection.GetStateData(moved.ReminderJobId!);
            Assert.Equal(moved.DueAt.UtcDateTime, JobHelper.DeserializeDateTime(state.Data["EnqueueAt"]));
        }
        await using var db = _h.Db();
        var entry = Assert.Single(await db.Timeline.Where(t => t.RecordRef == "K-2301").ToListAsync());
        Assert.Equal("Task K-2301 moved from 2026-11-27T08:00Z to 2026-11-28T08:00Z", entry.Text);
        Assert.True(await db.Audit.AnyAsync(a => a.RecordRef == "K-2301" && a.Detail == "task due 2026-11-28T08:00Z (was 2026-11-27T08:00Z)"));
    }

    [Fact]
    public async Task PlusOneDay_OnAnOverdueTask_MovesItToTomorrow_AtItsTimeOfDay()
    {
        // Due three days ago at 16:30 Berlin; now is Thursday 11:00 Berlin: +1 day is Friday 16:30 Berlin.
        await AddAsync(2401, "ava@example.com", "Chase the invoice", new DateTimeOffset(2026, 11, 23, 15, 30, 0, TimeSpan.Zero));

        var reply = await _h.AskAsync("ava@example.com", "task K-2401 due +1d");

        Assert.Equal("Task K-2401 is now due 2026-11-27 16:30 Europe/Berlin.", reply.FallbackText);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 15, 30, 0, TimeSpan.Zero), (await TaskAsync(2401)).DueAt);
    }

    [Fact]
    public async Task AManager_MayClickTheButtonsOfTheirPeoplesTasks_AStrangerMayNot()
    {
        await AddAsync(2501, "ava@example.com", "Call back", Now.AddDays(1));
        var list = await _h.AskAsync("max@example.com", "tasks @ava");
        var later = list.Blocks.OfType<ActionsBlock>().Single().Buttons.Single(b => b.Label == "+1 day");

        Assert.Equal(ReplyTone.Denied, (await _h.AskAsync("sam@example.com", later.Command)).Tone);
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync("max@example.com", later.Command)).Tone);
        Assert.Equal(Now.AddDays(2), (await TaskAsync(2501)).DueAt);
    }
}

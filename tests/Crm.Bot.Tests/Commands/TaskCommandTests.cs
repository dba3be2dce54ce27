using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Replies;
using Crm.Domain.Tasks;
using Crm.Jobs.Reminders;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Commands;

/// <summary>The task verb with the real reminder scheduler: a reminder is a scheduled job that moves and goes with its task.</summary>
public sealed class TaskCommandTests : IAsyncLifetime
{
    private readonly InMemoryStorage _jobs = new();
    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() =>
        _harness = await PipelineHarness.CreateAsync(services =>
            services.AddSingleton<ITaskReminderScheduler>(new HangfireTaskReminderScheduler(new BackgroundJobClient(_jobs))));

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _jobs.Dispose();
    }

    private string? StateOf(string jobId)
    {
        using var connection = _jobs.GetConnection();
        return connection.GetJobData(jobId)?.State;
    }

    private async Task<CrmTask> OnlyTaskAsync()
    {
        await using var db = _harness.Db();
        return await db.Tasks.SingleAsync();
    }

    [Fact]
    public async Task TaskCommand_StoresTheTask_AndSchedulesItsReminderAtTheDueTime()
    {
        var reply = await _harness.AskAsync("ava@example.com", "task acme max@example.com call back about renewal due fri");

        Assert.Equal(ReplyTone.Success, reply.Tone);
        var task = await OnlyTaskAsync();
        Assert.Equal("max@example.com", task.AssigneeEmail);
        Assert.NotNull(task.ReminderJobId);
        Assert.Equal("Scheduled", StateOf(task.ReminderJobId!));
    }

    [Fact]
    public async Task TaskReschedule_MovesTheReminder_AndDoneCancelsIt()
    {
        await _harness.AskAsync("ava@example.com", "task acme max@example.com send the proposal due fri");
        var first = await OnlyTaskAsync();

        var moved = await _harness.AskAsync("ava@example.com", $"task {first.HumanId} due mon 10:00");
        Assert.Equal(ReplyTone.Success, moved.Tone);
        var rescheduled = await OnlyTaskAsync();
        Assert.True(rescheduled.DueAt > first.DueAt);
        Assert.NotEqual(first.ReminderJobId, rescheduled.ReminderJobId);
        Assert.Equal("Deleted", StateOf(first.ReminderJobId!));
        Assert.Equal("Scheduled", StateOf(rescheduled.ReminderJobId!));

        var done = await _harness.AskAsync("ava@example.com", $"task {first.HumanId} done");
        Assert.Equal(ReplyTone.Success, done.Tone);
        Assert.Equal("Deleted", StateOf(rescheduled.ReminderJobId!));
    }

    [Fact]
    public async Task TaskReschedule_RefusesATimeInThePast()
    {
        await _harness.AskAsync("ava@example.com", "task acme max@example.com send the proposal due fri");
        var task = await OnlyTaskAsync();

        var reply = await _harness.AskAsync("ava@example.com", $"task {task.HumanId} due 2020-01-01");

        Assert.Contains("has passed", reply.FallbackText);
        Assert.Equal(task.DueAt, (await OnlyTaskAsync()).DueAt);
    }
}

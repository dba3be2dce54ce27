using Crm.Domain.Tasks;
using Hangfire;
using Hangfire.States;

namespace Crm.Jobs.Reminders;

/// <summary>A task's reminder is a Hangfire job scheduled at its due time; moving the task replaces the job.</summary>
public sealed class HangfireTaskReminderScheduler(IBackgroundJobClient jobs) : ITaskReminderScheduler
{
    public Task<string> ScheduleAsync(CrmTask task, CancellationToken cancellationToken)
    {
        if (task.Id == 0)
            throw new InvalidOperationException("Save the task before scheduling its reminder: the reminder refers to it by id.");
        if (task.ReminderJobId is { Length: > 0 } previous)
            jobs.Delete(previous);
        var id = jobs.Create<TaskReminderJob>(job => job.RemindAsync(task.Id, task.DueAt, CancellationToken.None),
            new ScheduledState(task.DueAt.UtcDateTime) { Reason = $"Reminder of {task.HumanId}" });
        return Task.FromResult(id);
    }

    public Task CancelAsync(string reminderJobId, CancellationToken cancellationToken)
    {
        jobs.Delete(reminderJobId);
        return Task.CompletedTask;
    }
}

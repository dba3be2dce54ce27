namespace Crm.Domain.Tasks;

/// <summary>
/// Schedules the reminder of a task at its due time (a delayed job in Crm.Jobs). Completing a task
/// cancels its reminder; rescheduling moves it.
/// </summary>
public interface ITaskReminderScheduler
{
    /// <summary>Schedules (or moves) the reminder; returns the job id to store on the task.</summary>
    Task<string> ScheduleAsync(CrmTask task, CancellationToken cancellationToken);

    Task CancelAsync(string reminderJobId, CancellationToken cancellationToken);
}

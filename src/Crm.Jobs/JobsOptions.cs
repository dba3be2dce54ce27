using System.ComponentModel.DataAnnotations;

namespace Crm.Jobs;

/// <summary>The job server and the jobs' own settings (section <c>Jobs</c>).</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>The Hangfire tables live in this schema of the CRM database.</summary>
    [Required, RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "Jobs:Schema must be a lower-case SQL identifier such as hangfire.")]
    public string Schema { get; set; } = "hangfire";

    [Range(1, 100)] public int WorkerCount { get; set; } = 4;

    /// <summary>How often the server looks for delayed jobs (reminders) that are due.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A handoff not accepted within this many business hours reminds the target department once.</summary>
    [Range(1, 200)] public int HandoffFollowUpBusinessHours { get; set; } = 4;

    /// <summary>Business hours for the follow-up: Monday to Friday from <see cref="BusinessDayStart"/> to <see cref="BusinessDayEnd"/>.</summary>
    public TimeOnly BusinessDayStart { get; set; } = new(9, 0);
    public TimeOnly BusinessDayEnd { get; set; } = new(17, 0);

    /// <summary>IANA zone the business hours are in.</summary>
    public string BusinessTimeZone { get; set; } = "UTC";

    /// <summary>
    /// How long a handled delivery (Slack trigger or event id, Teams activity id, the stored answer of
    /// a change) is remembered. Platforms retry within minutes and signed requests older than five
    /// minutes are refused anyway, so a week is ample; older records are deleted every hour.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan ProcessedRequestRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a rendered message (its text, its address) is kept in the outbox after it was sent or
    /// failed for good. Rows still to be sent are kept; older ones are deleted every hour.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The Hangfire dashboard at /hangfire: refused to everyone unless both are set.</summary>
    public string? DashboardUsername { get; set; }
    public string? DashboardPassword { get; set; }
}

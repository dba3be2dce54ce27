namespace Crm.Domain.Digests;

public enum DigestKind
{
    Pipeline,
    Tickets,
    Renewals,
    Overdue,
    Quality,
}

/// <summary>A scheduled report for one channel.</summary>
public sealed class DigestSubscription
{
    public long Id { get; set; }
    public long ChannelId { get; set; }
    public Channels.ChatChannel? Channel { get; set; }
    public DigestKind Kind { get; set; }
    /// <summary>The schedule as the user typed it ("weekly mon 09:00").</summary>
    public string Schedule { get; set; } = "";
    /// <summary>The schedule as a cron expression (five fields) in <see cref="TimeZone"/>.</summary>
    public string Cron { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public bool SkipWhenEmpty { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// What the digest's report is narrowed to: a <see cref="Reports.ReportFilter"/> as JSON (region, segment,
    /// owner, since, until), resolved when the digest was added; null for none.
    /// </summary>
    public string? Filters { get; set; }
    /// <summary>The scheduled time of the previous digest; "changes since" start here.</summary>
    public DateTimeOffset? LastRunAt { get; set; }
}

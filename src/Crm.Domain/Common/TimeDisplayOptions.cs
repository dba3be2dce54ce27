namespace Crm.Domain.Common;

/// <summary>Settings of how replies show times (section <c>Replies</c>).</summary>
public sealed class TimeDisplayOptions
{
    public const string Section = "Replies";

    /// <summary>
    /// The zone of people whose chat profile gives none, and of channels that have none: private
    /// answers and channel posts still name it after every time.
    /// </summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    public TimeDisplay Default => TimeDisplay.For(DefaultTimeZone, TimeDisplay.Utc);

    public const string Invalid = "Replies:DefaultTimeZone must be a time zone such as Europe/Berlin or UTC.";
}

using System.Globalization;
using Cronos;

namespace Crm.Domain.Digests;

/// <summary>
/// When a digest runs: a five-field cron expression in an IANA time zone, parsed from the friendly
/// forms people type (<c>daily 08:00</c>, <c>weekdays 17:30</c>, <c>weekly mon 09:00</c>,
/// <c>monthly 1 09:00</c>, <c>monthly last 18:00</c>) or from cron itself.
/// Occurrences are computed in the zone's local time, so a DST change neither skips nor doubles a run:
/// a time that does not exist on the spring-forward day runs at the first valid instant after the gap,
/// and a time that exists twice on the fall-back day runs once (the first).
/// </summary>
public sealed record DigestSchedule
{
    /// <summary>Digests are reports for people; anything more often than hourly is a mistake.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromHours(1);

    public const string Usage =
        "Write the schedule as `daily 08:00`, `weekdays 17:30`, `weekly mon 09:00`, `monthly 1 09:00`, " +
        "`monthly last 18:00`, or five-field cron such as `0 9 * * 1` (minute hour day-of-month month day-of-week), " +
        "optionally followed by an IANA time zone such as Europe/Berlin.";

    private readonly CronExpression _expression;

    private DigestSchedule(string text, string cron, TimeZoneInfo zone, string description, CronExpression expression)
    {
        Text = text;
        Cron = cron;
        TimeZone = zone;
        Description = description;
        _expression = expression;
    }

    /// <summary>The schedule as it was typed (normalised spacing and case).</summary>
    public string Text { get; private init; }

    /// <summary>The five-field cron expression, in <see cref="TimeZone"/>.</summary>
    public string Cron { get; }

    public TimeZoneInfo TimeZone { get; }

    public string TimeZoneId => TimeZone.Id;

    /// <summary>For people: "every Monday at 09:00 (Europe/Berlin)".</summary>
    public string Description { get; }

    // Occurrences are returned in UTC: they are stored and compared as instants (PostgreSQL keeps
    // timestamptz in UTC only); the zone matters for computing them, not for carrying them around.

    /// <summary>The first run strictly after <paramref name="after"/>, or null when the cron can never fire.</summary>
    public DateTimeOffset? NextOccurrence(DateTimeOffset after) =>
        _expression.GetNextOccurrence(after, TimeZone, inclusive: false)?.ToUniversalTime();

    /// <summary>The latest run at or before <paramref name="atOrBefore"/>, or null if there is none.</summary>
    public DateTimeOffset? PreviousOccurrence(DateTimeOffset atOrBefore) =>
        _expression.GetPreviousOccurrence(atOrBefore, TimeZone, inclusive: true)?.ToUniversalTime();

    /// <summary>The runs in the half-open interval (from, to].</summary>
    public IEnumerable<DateTimeOffset> Occurrences(DateTimeOffset from, DateTimeOffset to) =>
        _expression.GetOccurrences(from, to, TimeZone, fromInclusive: false, toInclusive: true).Select(o => o.ToUniversalTime());

    /// <summary>Rebuilds a stored schedule (cron and zone as saved on a subscription).</summary>
    public static DigestSchedule FromStored(string text, string cron, string timeZoneId)
    {
        if (!TryParse(cron, timeZoneId, out var schedule, out var error))
            throw new InvalidOperationException($"Stored digest schedule '{cron}' ({timeZoneId}) is invalid: {error}");
        return schedule with { Text = string.IsNullOrWhiteSpace(text) ? schedule.Text : text };
    }

    /// <param name="text">The schedule (without the time zone).</param>
    /// <param name="timeZoneId">An IANA time zone id; null or empty means UTC.</param>
    public static bool TryParse(string? text, string? timeZoneId, out DigestSchedule schedule, out string error)
    {
        schedule = null!;
        if (!TryResolveZone(timeZoneId, out var zone, out error))
            return false;

        var words = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            error = "The schedule is missing. " + Usage;
            return false;
        }

        var parsed = words.Length == 5 && !char.IsLetter(words[0][0])
            ? DigestScheduleGrammar.ParseCron(words)
            : DigestScheduleGrammar.ParseFriendly(words);
        if (parsed.Error is not null)
        {
            error = parsed.Error;
            return false;
        }

        if (!CronExpression.TryParse(parsed.Cron!, CronFormat.Standard, out var expression))
        {
            error = $"'{parsed.Cron}' is not a valid cron expression. " + Usage;
            return false;
        }

        if (!HasFutureRuns(expression, zone, out var tooOften))
        {
            error = tooOften
                ? $"'{string.Join(' ', words)}' runs more often than once an hour; digests run at most hourly. " + Usage
                : $"'{string.Join(' ', words)}' never runs (no such date). " + Usage;
            return false;
        }

        schedule = new DigestSchedule(string.Join(' ', words).ToLowerInvariant(), parsed.Cron!, zone,
            $"{parsed.Description} ({zone.Id})", expression);
        error = "";
        return true;
    }

    /// <summary>
    /// Splits a trailing time zone off a typed schedule ("weekly mon 09:00 Europe/Berlin"). A last word
    /// that contains a slash, or is UTC, is taken as the zone.
    /// </summary>
    public static (string Schedule, string? TimeZoneId) SplitTimeZone(string text)
    {
        var trimmed = text.Trim();
        var space = trimmed.LastIndexOf(' ');
        var last = space < 0 ? trimmed : trimmed[(space + 1)..];
        var isZone = last.Contains('/') || last.Equals("UTC", StringComparison.OrdinalIgnoreCase) ||
                     last.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase);
        if (!isZone) return (trimmed, null);
        return (space < 0 ? "" : trimmed[..space].TrimEnd(), last.Equals("utc", StringComparison.OrdinalIgnoreCase) ? "UTC" : last);
    }

    public static bool TryResolveZone(string? timeZoneId, out TimeZoneInfo zone, out string error)
    {
        error = "";
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(timeZoneId) || timeZoneId.Trim().Equals("UTC", StringComparison.OrdinalIgnoreCase))
            return true;
        var id = timeZoneId.Trim();
        // Only IANA ids: a Windows name would work on one host and not on another.
        if (!id.Contains('/') || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ||
            (found.HasIanaId is false && !TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out _)))
        {
            error = $"'{id}' is not an IANA time zone. Use a name such as Europe/Berlin, America/New_York or UTC.";
            return false;
        }
        zone = found;
        return true;
    }

    private static bool HasFutureRuns(CronExpression expression, TimeZoneInfo zone, out bool tooOften)
    {
        tooOften = false;
        // A fixed reference year with every weekday/month combination; 400 days covers a yearly cron.
        var from = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        DateTimeOffset? previous = null;
        var count = 0;
        foreach (var run in expression.GetOccurrences(from, from.AddYears(5), zone, fromInclusive: true, toInclusive: false))
        {
            if (previous is { } p && run - p < MinimumInterval && !IsDstShift(p, run, zone))
            {
                tooOften = true;
                return false;
            }
            previous = run;
            if (++count >= 50) break;
        }
        return count > 0;
    }

    private static bool IsDstShift(DateTimeOffset a, DateTimeOffset b, TimeZoneInfo zone) =>
        zone.GetUtcOffset(a) != zone.GetUtcOffset(b);

    internal static string FormatTime(int hour, int minute) =>
        string.Create(CultureInfo.InvariantCulture, $"{hour:00}:{minute:00}");
}

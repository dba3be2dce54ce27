using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Domain.Common;

namespace Crm.Bot.Pipeline;

/// <summary>
/// The dates people type: <c>today</c>, <c>tomorrow</c>, <c>fri</c> (the next Friday after today),
/// <c>next mon</c>, <c>2026-12-01</c>, <c>in 3 days</c> / <c>in 2 weeks</c>, optionally followed by a time
/// <c>14:30</c>. "Today" is the asker's today in their time zone.
/// </summary>
public static partial class Dates
{
    public const string Help = "a date such as today, tomorrow, fri, next mon, 2026-12-01 or in 3 days (optionally with a time, e.g. fri 14:00)";

    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static TimeZoneInfo FindZone(string? id)
    {
        if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            return zone;
        return TimeZoneInfo.Utc;
    }

    public static DateOnly ParseDate(string text, DateOnly today)
    {
        var (date, time) = Split(text, today);
        if (time is not null)
            throw new DomainException($"'{text}' has a time; a date alone is expected here ({Help.Split(" (")[0]}).");
        return date;
    }

    /// <summary>A due moment: the date at the given time (09:00 when none), in the zone, as UTC.</summary>
    public static DateTimeOffset ParseMoment(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var (date, time) = Split(text, today);
        var local = date.ToDateTime(time ?? new TimeOnly(9, 0), DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static (DateOnly Date, TimeOnly? Time) Split(string text, DateOnly today)
    {
        var words = text.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        TimeOnly? time = null;
        if (words.Count > 1 && TimeShape().IsMatch(words[^1]))
        {
            time = TimeOnly.ParseExact(words[^1].PadLeft(5, '0'), "HH:mm", CultureInfo.InvariantCulture);
            words.RemoveAt(words.Count - 1);
            if (words.Count > 1 && words[^1] == "at") words.RemoveAt(words.Count - 1);
        }
        var date = words.Count switch
        {
            1 => One(words[0], today),
            2 when words[0] == "next" && Weekday(words[1]) is { } day => NextWeekday(today, day),
            3 when words[0] == "in" && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 3650
                => Offset(today, n, words[2]),
            _ => null,
        };
        return date is { } d ? (d, time) : throw new DomainException($"'{text}' is not a date I understand; use {Help}.");
    }

    private static DateOnly? One(string word, DateOnly today)
    {
        if (word == "today") return today;
        if (word is "tomorrow" or "tmrw" or "tmr") return today.AddDays(1);
        if (Weekday(word) is { } day) return NextWeekday(today, day);
        if (DateOnly.TryParseExact(word, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso)) return iso;
        return null;
    }

    private static DateOnly? Offset(DateOnly today, int n, string unit) => unit.TrimEnd('s') switch
    {
        "day" => today.AddDays(n),
        "week" => today.AddDays(7 * n),
        "month" => today.AddMonths(n),
        _ => null,
    };

    private static DayOfWeek? Weekday(string word)
    {
        if (word.Length < 3) return null;
        var index = Array.FindIndex(DayNames, d => word.StartsWith(d, StringComparison.Ordinal));
        if (index < 0) return null;
        var full = ((DayOfWeek)index).ToString().ToLowerInvariant();
        return full.StartsWith(word, StringComparison.Ordinal) || word == DayNames[index] + "s" ? (DayOfWeek)index : null;
    }

    /// <summary>The first such weekday strictly after today ("fri" on a Friday means a week later).</summary>
    private static DateOnly NextWeekday(DateOnly today, DayOfWeek day)
    {
        var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(ahead == 0 ? 7 : ahead);
    }

    [GeneratedRegex(@"^([01]?\d|2[0-3]):[0-5]\d$")]
    private static partial Regex TimeShape();
}

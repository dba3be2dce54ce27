using System.Globalization;

namespace Crm.Domain.Digests;

/// <summary>The friendly schedule words and the cron they stand for, with errors that say how to write it right.</summary>
internal static class DigestScheduleGrammar
{
    internal sealed record Parsed(string? Cron, string Description, string? Error)
    {
        public static Parsed Fail(string error) => new(null, "", error);
    }

    private static readonly (string[] Names, int Cron, string Display)[] Weekdays =
    [
        (["sun", "sunday"], 0, "Sunday"),
        (["mon", "monday"], 1, "Monday"),
        (["tue", "tues", "tuesday"], 2, "Tuesday"),
        (["wed", "wednesday"], 3, "Wednesday"),
        (["thu", "thur", "thurs", "thursday"], 4, "Thursday"),
        (["fri", "friday"], 5, "Friday"),
        (["sat", "saturday"], 6, "Saturday"),
    ];

    public static Parsed ParseFriendly(string[] words)
    {
        var head = words[0].ToLowerInvariant();
        switch (head)
        {
            case "daily":
            case "weekdays":
                if (words.Length != 2)
                    return Parsed.Fail($"`{head}` takes one time, e.g. `{head} 08:00`. " + DigestSchedule.Usage);
                if (!TryTime(words[1], out var h, out var m, out var timeError)) return Parsed.Fail(timeError);
                return head == "daily"
                    ? new Parsed($"{m} {h} * * *", $"every day at {DigestSchedule.FormatTime(h, m)}", null)
                    : new Parsed($"{m} {h} * * 1-5", $"Monday to Friday at {DigestSchedule.FormatTime(h, m)}", null);

            case "weekly":
                if (words.Length != 3)
                    return Parsed.Fail("`weekly` takes a weekday and a time, e.g. `weekly mon 09:00`. " + DigestSchedule.Usage);
                var day = Weekdays.FirstOrDefault(d => d.Names.Contains(words[1].ToLowerInvariant()));
                if (day.Names is null)
                    return Parsed.Fail($"'{words[1]}' is not a weekday. Use mon, tue, wed, thu, fri, sat or sun, e.g. `weekly mon 09:00`.");
                if (!TryTime(words[2], out var wh, out var wm, out var weeklyError)) return Parsed.Fail(weeklyError);
                return new Parsed($"{wm} {wh} * * {day.Cron}", $"every {day.Display} at {DigestSchedule.FormatTime(wh, wm)}", null);

            case "monthly":
                if (words.Length != 3)
                    return Parsed.Fail("`monthly` takes a day of the month and a time, e.g. `monthly 1 09:00` or `monthly last 18:00`. " + DigestSchedule.Usage);
                if (!TryTime(words[2], out var mh, out var mm, out var monthlyError)) return Parsed.Fail(monthlyError);
                if (words[1].Equals("last", StringComparison.OrdinalIgnoreCase))
                    return new Parsed($"{mm} {mh} L * *", $"on the last day of every month at {DigestSchedule.FormatTime(mh, mm)}", null);
                // Days 29–31 do not exist in every month; a digest that silently skips months surprises people.
                if (!int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var dom) || dom is < 1 or > 28)
                    return Parsed.Fail($"'{words[1]}' is not a day every month has. Use 1 to 28, or `last` for the month's last day, e.g. `monthly 1 09:00`.");
                return new Parsed($"{mm} {mh} {dom} * *", $"on day {dom} of every month at {DigestSchedule.FormatTime(mh, mm)}", null);

            default:
                return Parsed.Fail($"'{string.Join(' ', words)}' is not a schedule I know. " + DigestSchedule.Usage);
        }
    }

    public static Parsed ParseCron(string[] fields)
    {
        var cron = string.Join(' ', fields);
        if (fields.Any(f => f.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '*' or ',' or '-' or '/' or '?' or '#'))))
            return Parsed.Fail($"'{cron}' contains characters cron does not use. " + DigestSchedule.Usage);
        return new Parsed(cron.ToUpperInvariant(), $"cron `{cron}`", null);
    }

    private static bool TryTime(string text, out int hour, out int minute, out string error)
    {
        hour = minute = 0;
        error = "";
        var parts = text.Split(':');
        if (parts.Length == 2 &&
            int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out hour) &&
            parts[1].Length == 2 &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minute) &&
            hour is >= 0 and <= 23 && minute is >= 0 and <= 59)
            return true;
        error = $"'{text}' is not a time of day. Write 24-hour HH:MM, e.g. 08:00 or 17:30.";
        return false;
    }
}

using Crm.Domain.Digests;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Domain.Tests.Digests;

public sealed class DigestScheduleTests
{
    private static DigestSchedule Parse(string text, string? zone = null)
    {
        Assert.True(DigestSchedule.TryParse(text, zone, out var schedule, out var error), error);
        return schedule;
    }

    private static string Error(string text, string? zone = null)
    {
        Assert.False(DigestSchedule.TryParse(text, zone, out _, out var error));
        return error;
    }

    [Theory]
    [InlineData("daily 08:00", "0 8 * * *", "every day at 08:00")]
    [InlineData("weekdays 17:30", "30 17 * * 1-5", "Monday to Friday at 17:30")]
    [InlineData("weekly mon 09:00", "0 9 * * 1", "every Monday at 09:00")]
    [InlineData("Weekly FRIDAY 16:05", "5 16 * * 5", "every Friday at 16:05")]
    [InlineData("monthly 1 09:00", "0 9 1 * *", "on day 1 of every month at 09:00")]
    [InlineData("monthly last 18:00", "0 18 L * *", "on the last day of every month at 18:00")]
    [InlineData("0 9 * * 1", "0 9 * * 1", "cron `0 9 * * 1`")]
    [InlineData("15 7 1,15 * *", "15 7 1,15 * *", "cron `15 7 1,15 * *`")]
    public void Schedule_ParsesFriendlyFormsAndCron(string text, string cron, string description)
    {
        var schedule = Parse(text, "Europe/Berlin");
        Assert.Equal(cron, schedule.Cron);
        Assert.Equal($"{description} (Europe/Berlin)", schedule.Description);
        Assert.Equal("Europe/Berlin", schedule.TimeZoneId);
    }

    [Fact]
    public void Schedule_DefaultsToUtc_WhenNoZoneIsGiven()
    {
        Assert.Equal("UTC", Parse("daily 08:00").TimeZoneId);
        Assert.Equal("UTC", Parse("daily 08:00", "utc").TimeZoneId);
    }

    [Theory]
    [InlineData("weekly funday 09:00", "is not a weekday. Use mon, tue")]
    [InlineData("daily 25:00", "Write 24-hour HH:MM")]
    [InlineData("daily 8", "Write 24-hour HH:MM")]
    [InlineData("daily", "`daily` takes one time, e.g. `daily 08:00`")]
    [InlineData("weekly 09:00", "`weekly` takes a weekday and a time")]
    [InlineData("monthly 31 09:00", "Use 1 to 28, or `last`")]
    [InlineData("hourly", "is not a schedule I know")]
    [InlineData("", "The schedule is missing")]
    [InlineData("*/5 * * * *", "more often than once an hour")]
    [InlineData("0 9 30 2 *", "never runs")]
    [InlineData("0 9 * * 9", "is not a valid cron expression")]
    [InlineData("0 9 * * 1;rm", "characters cron does not use")]
    public void Schedule_RejectsBadInput_SayingHowToWriteIt(string text, string expected)
    {
        var error = Error(text, "UTC");
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("CET+1")]
    public void Schedule_RejectsUnknownOrNonIanaTimeZones(string zone)
    {
        Assert.Contains("is not an IANA time zone", Error("daily 08:00", zone));
    }

    [Theory]
    [InlineData("weekly mon 09:00 Europe/Berlin", "weekly mon 09:00", "Europe/Berlin")]
    [InlineData("daily 08:00 utc", "daily 08:00", "UTC")]
    [InlineData("0 9 * * 1", "0 9 * * 1", null)]
    public void SplitTimeZone_TakesATrailingZone(string text, string schedule, string? zone)
    {
        Assert.Equal((schedule, zone), DigestSchedule.SplitTimeZone(text));
    }

    [Fact]
    public void NextRun_InBerlin_FollowsLocalTimeAcrossBothDstChanges()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 3, 20, 12, 0, 0, TimeSpan.Zero));
        var schedule = Parse("weekly mon 09:00", "Europe/Berlin");

        var beforeSpring = schedule.NextOccurrence(time.GetUtcNow());
        Assert.Equal(new DateTimeOffset(2027, 3, 22, 8, 0, 0, TimeSpan.Zero), beforeSpring); // CET, +01:00
        time.SetUtcNow(beforeSpring!.Value);
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 7, 0, 0, TimeSpan.Zero), schedule.NextOccurrence(time.GetUtcNow())); // CEST

        time.SetUtcNow(new DateTimeOffset(2027, 10, 26, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2027, 11, 1, 8, 0, 0, TimeSpan.Zero), schedule.NextOccurrence(time.GetUtcNow()));
    }

    [Fact]
    public void NextRun_InBerlin_ATimeSkippedBySpringForward_RunsOnceRightAfterTheGap()
    {
        // 2027-03-28: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that day.
        var schedule = Parse("daily 02:30", "Europe/Berlin");
        var runs = schedule.Occurrences(new DateTimeOffset(2027, 3, 26, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 3, 30, 12, 0, 0, TimeSpan.Zero)).ToList();

        Assert.Equal(
        [
            new DateTimeOffset(2027, 3, 27, 1, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 3, 28, 1, 0, 0, TimeSpan.Zero), // 03:00 CEST, the first instant after the gap
            new DateTimeOffset(2027, 3, 29, 0, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 3, 30, 0, 30, 0, TimeSpan.Zero),
        ], runs);
    }

    [Fact]
    public void NextRun_InBerlin_ATimeRepeatedByFallBack_RunsOnce()
    {
        // 2027-10-31: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice.
        var schedule = Parse("daily 02:30", "Europe/Berlin");
        var runs = schedule.Occurrences(new DateTimeOffset(2027, 10, 30, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 11, 1, 12, 0, 0, TimeSpan.Zero)).ToList();

        Assert.Equal(
        [
            new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), // 02:30 CEST, the first of the two
            new DateTimeOffset(2027, 11, 1, 1, 30, 0, TimeSpan.Zero),
        ], runs);
    }

    [Fact]
    public void NextRun_InNewYork_NeitherSkipsNorDoublesAcrossDst()
    {
        var spring = Parse("daily 02:15", "America/New_York"); // 2027-03-14 02:00 EST → 03:00 EDT
        Assert.Equal(
        [
            new DateTimeOffset(2027, 3, 13, 7, 15, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 3, 14, 7, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 3, 15, 6, 15, 0, TimeSpan.Zero),
        ], spring.Occurrences(new DateTimeOffset(2027, 3, 13, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 15, 12, 0, 0, TimeSpan.Zero)).ToList());

        var fall = Parse("weekdays 01:30", "America/New_York"); // 2027-11-07 (Sunday) 02:00 EDT → 01:00 EST
        var autumn = Parse("daily 01:30", "America/New_York");
        Assert.Equal(
        [
            new DateTimeOffset(2027, 11, 6, 5, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 11, 7, 5, 30, 0, TimeSpan.Zero), // 01:30 EDT only, not again at 01:30 EST
            new DateTimeOffset(2027, 11, 8, 6, 30, 0, TimeSpan.Zero),
        ], autumn.Occurrences(new DateTimeOffset(2027, 11, 6, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 11, 8, 12, 0, 0, TimeSpan.Zero)).ToList());
        Assert.Equal([new DateTimeOffset(2027, 11, 8, 6, 30, 0, TimeSpan.Zero)],
            fall.Occurrences(new DateTimeOffset(2027, 11, 5, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 11, 8, 12, 0, 0, TimeSpan.Zero)).ToList());
    }

    [Fact]
    public void PreviousRun_IsTheScheduledTimeAtOrBeforeAnInstant()
    {
        var schedule = Parse("monthly 1 09:00", "Europe/Berlin");
        var scheduled = new DateTimeOffset(2027, 12, 1, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(scheduled, schedule.PreviousOccurrence(scheduled));
        Assert.Equal(scheduled, schedule.PreviousOccurrence(scheduled.AddMinutes(7)));
        Assert.Equal(new DateTimeOffset(2027, 11, 1, 8, 0, 0, TimeSpan.Zero), schedule.PreviousOccurrence(scheduled.AddSeconds(-1)));
    }

    [Fact]
    public void FromStored_RebuildsTheSameSchedule()
    {
        var typed = Parse("weekly mon 09:00", "America/New_York");
        var stored = DigestSchedule.FromStored(typed.Text, typed.Cron, typed.TimeZoneId);
        Assert.Equal(typed.Text, stored.Text);
        var from = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(typed.NextOccurrence(from), stored.NextOccurrence(from));
    }
}

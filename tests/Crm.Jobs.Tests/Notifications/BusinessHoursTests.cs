using Crm.Jobs.Notifications;

namespace Crm.Jobs.Tests.Notifications;

public sealed class BusinessHoursTests
{
    private static readonly BusinessHours Utc = new(new TimeOnly(9, 0), new TimeOnly(17, 0), TimeZoneInfo.Utc);

    [Theory]
    [InlineData("2026-11-23T10:00:00Z", 4, "2026-11-23T14:00:00Z")] // Monday morning, same day
    [InlineData("2026-11-23T15:00:00Z", 4, "2026-11-24T11:00:00Z")] // runs over into Tuesday
    [InlineData("2026-11-27T16:00:00Z", 4, "2026-11-30T12:00:00Z")] // Friday afternoon → Monday
    [InlineData("2026-11-28T12:00:00Z", 4, "2026-11-30T13:00:00Z")] // offered on Saturday
    [InlineData("2026-11-23T06:00:00Z", 8, "2026-11-23T17:00:00Z")] // before opening: a full day
    public void Add_CountsOnlyWeekdayWorkingHours(string from, int hours, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected), Utc.Add(DateTimeOffset.Parse(from), hours));
    }

    [Fact]
    public void Add_UsesTheBusinessTimeZone_AcrossDst()
    {
        var berlin = new BusinessHours(new TimeOnly(9, 0), new TimeOnly(17, 0), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        // Friday 2027-03-26 16:00 CET + 2 h = Monday 2027-03-29 10:00 CEST (08:00 UTC).
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 8, 0, 0, TimeSpan.Zero),
            berlin.Add(new DateTimeOffset(2027, 3, 26, 15, 0, 0, TimeSpan.Zero), 2));
    }
}

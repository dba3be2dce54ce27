using Crm.Bot.Pipeline;
using Crm.Domain.Common;

namespace Crm.Bot.Tests.Pipeline;

public sealed class DatesTests
{
    private static readonly DateOnly Thursday = new(2026, 11, 26);

    [Theory]
    [InlineData("today", "2026-11-26")]
    [InlineData("tomorrow", "2026-11-27")]
    [InlineData("fri", "2026-11-27")]
    [InlineData("friday", "2026-11-27")]
    [InlineData("thu", "2026-12-03")]
    [InlineData("next mon", "2026-11-30")]
    [InlineData("2026-12-01", "2026-12-01")]
    [InlineData("in 3 days", "2026-11-29")]
    [InlineData("in 2 weeks", "2026-12-10")]
    [InlineData("in 1 month", "2026-12-26")]
    public void Dates_PeopleType_AreUnderstood(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), Dates.ParseDate(text, Thursday));

    [Theory]
    [InlineData("someday")]
    [InlineData("2026-13-01")]
    [InlineData("in -3 days")]
    [InlineData("fr")]
    public void Nonsense_IsAPreciseError(string text)
    {
        var error = Assert.Throws<DomainException>(() => Dates.ParseDate(text, Thursday));
        Assert.Contains("tomorrow", error.Message);
    }

    [Fact]
    public void DueMoments_AreInTheUsersTimeZone()
    {
        var now = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        var berlin = Dates.FindZone("Europe/Berlin");
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 13, 0, 0, TimeSpan.Zero), Dates.ParseMoment("fri 14:00", now, berlin));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), Dates.ParseMoment("tomorrow", now, berlin));
    }
}

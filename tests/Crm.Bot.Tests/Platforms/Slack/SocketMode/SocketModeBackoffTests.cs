using Crm.Bot.Platforms.Slack.SocketMode;

namespace Crm.Bot.Tests.Platforms.Slack.SocketMode;

public sealed class SocketModeBackoffTests
{
    [Theory]
    [InlineData(1, 0.5, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(4, 4, 8)]
    [InlineData(7, 30, 60)]
    [InlineData(50, 30, 60)]
    public void EachWait_LiesBetweenHalfAndAllOfItsCeiling_WhichDoublesUpTo60s(int failures, double least, double most)
    {
        var random = new Random(failures);
        for (var i = 0; i < 200; i++)
        {
            var wait = SocketModeBackoff.Delay(failures, random).TotalSeconds;
            Assert.InRange(wait, least, most);
        }
    }

    [Fact]
    public void Waits_AreSpread_SoHostsThatFailedTogetherDoNotReturnTogether()
    {
        var random = new Random(7);
        var waits = Enumerable.Range(0, 100).Select(_ => SocketModeBackoff.Delay(3, random)).Distinct().Count();
        Assert.True(waits > 90, $"only {waits} distinct waits of 100");
    }
}

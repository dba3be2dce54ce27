using Crm.Bot.Platforms.Teams;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Bot.Tests.Platforms.Teams;

public sealed class TeamsConversationPacerTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-26T10:00:00Z"));

    [Fact]
    public async Task SeventhSendInASecond_GoesAtOnce_TheEighthWaitsForTheWindow()
    {
        var pacer = new TeamsConversationPacer(_clock);
        for (var i = 0; i < 7; i++)
            Assert.True(pacer.WaitTurnAsync("19:c@thread.tacv2", default).IsCompletedSuccessfully);

        var eighth = pacer.WaitTurnAsync("19:c@thread.tacv2", default);
        Assert.False(eighth.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await eighth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ThreadsOfAChannel_ShareItsLimit_OtherConversationsDoNot()
    {
        var pacer = new TeamsConversationPacer(_clock);
        for (var i = 0; i < 7; i++)
            Assert.True(pacer.WaitTurnAsync($"19:c@thread.tacv2;messageid={i}", default).IsCompletedSuccessfully);

        Assert.False(pacer.WaitTurnAsync("19:c@thread.tacv2", default).IsCompleted);
        Assert.True(pacer.WaitTurnAsync("19:other@thread.tacv2", default).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task SixtyPerThirtySeconds_IsHeld()
    {
        var pacer = new TeamsConversationPacer(_clock);
        var sent = 0;
        while (sent < 60)
        {
            var turn = pacer.WaitTurnAsync("a:1", default);
            if (!turn.IsCompleted)
            {
                _clock.Advance(TimeSpan.FromSeconds(1));
                await turn.WaitAsync(TimeSpan.FromSeconds(5));
            }
            sent++;
        }
        var elapsedBefore61 = _clock.GetUtcNow();

        var next = pacer.WaitTurnAsync("a:1", default);
        Assert.False(next.IsCompleted);
        Assert.True(elapsedBefore61 - DateTimeOffset.Parse("2026-11-26T10:00:00Z") < TimeSpan.FromSeconds(30));
    }
}

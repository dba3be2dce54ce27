using Crm.Bot.Platforms.Teams;

namespace Crm.Bot.Tests.Platforms.Teams;

public sealed class TeamsAnswerBudgetTests
{
    private static readonly TimeSpan ShortBudget = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task WorkThatEndsInTime_IsReportedFinished_EvenWhenItFailed()
    {
        Assert.True(await TeamsActivityHandler.FinishedWithinBudgetAsync(Task.CompletedTask, ShortBudget));
        Assert.True(await TeamsActivityHandler.FinishedWithinBudgetAsync(Task.FromException(new InvalidOperationException("boom")), ShortBudget));
        Assert.True(await TeamsActivityHandler.FinishedWithinBudgetAsync(Task.Delay(5), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WorkThatRunsOver_IsLeftRunning_AndTheAnswerGoesOut()
    {
        var slow = new TaskCompletionSource();

        Assert.False(await TeamsActivityHandler.FinishedWithinBudgetAsync(slow.Task, ShortBudget));
        Assert.False(slow.Task.IsCompleted);
        slow.SetResult();
    }
}

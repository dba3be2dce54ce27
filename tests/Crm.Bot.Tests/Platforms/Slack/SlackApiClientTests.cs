using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Slack;
using Crm.Testing;
using Crm.Testing.Slack;

namespace Crm.Bot.Tests.Platforms.Slack;

public sealed class SlackApiClientTests(SlackApiFixture fixture) : IClassFixture<SlackApiFixture>, IDisposable
{
    private static readonly SlackMessage Hello = new("hello", new JsonArray(new JsonObject { ["type"] = "divider" }));

    public void Dispose() => fixture.Slack.Clear();

    [Fact]
    public async Task PostMessage_SendsJsonWithTheBearerToken_AndReturnsWhereItLanded()
    {
        var posted = await fixture.Client().PostMessageAsync("T0DEMO", "U0AVA", Hello, null, SlackCallMode.Retry, CancellationToken.None);

        var call = Assert.Single(fixture.Slack.CallsTo("chat.postMessage"));
        Assert.Equal("Bearer xoxb-test-token", call.Authorization);
        Assert.Equal("application/json; charset=utf-8", call.ContentType);
        Assert.Equal("U0AVA", call.Str("channel"));
        Assert.Equal("hello", call.Str("text"));
        Assert.Null(call.Body["link_names"]);
        Assert.Null(call.Body["parse"]);
        Assert.Equal("D0AVA", posted.Channel);
        Assert.False(string.IsNullOrEmpty(posted.Ts));
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("not_in_channel")]
    [InlineData("invalid_auth")]
    [InlineData("is_archived")]
    public async Task PermanentErrors_AreTyped_AndNotRetried(string code)
    {
        fixture.Slack.Script("chat.postMessage", FakeSlackAnswer.Error(code));

        var e = await Assert.ThrowsAsync<SlackApiException>(() =>
            fixture.Client().PostMessageAsync("T0DEMO", "C0SALES", Hello, null, SlackCallMode.Retry, CancellationToken.None));

        Assert.True(e.IsPermanent);
        Assert.Equal(code, e.Error);
        Assert.Single(fixture.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task ServerErrors_AreRetried_UntilTheySucceed()
    {
        var time = new ManualClock(DateTimeOffset.UtcNow);
        fixture.Slack.Script("chat.postMessage", FakeSlackAnswer.ServerError(503), FakeSlackAnswer.Error("internal_error"));

        var call = fixture.Client(time).PostMessageAsync("T0DEMO", "C0SALES", Hello, null, SlackCallMode.Retry, CancellationToken.None);
        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromSeconds(2));

        var posted = await call;
        Assert.Equal("C0SALES", posted.Channel);
        Assert.Equal(3, fixture.Slack.CallsTo("chat.postMessage").Count);
    }

    [Fact]
    public async Task RateLimit_WaitsExactlyRetryAfter_BeforeTryingAgain()
    {
        var time = new ManualClock(DateTimeOffset.UtcNow);
        fixture.Slack.Script("chat.postMessage", FakeSlackAnswer.RateLimited(7));

        var call = fixture.Client(time).PostMessageAsync("T0DEMO", "C0SALES", Hello, null, SlackCallMode.Retry, CancellationToken.None);
        await time.WaitForTimerAsync();

        time.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(300);
        Assert.Single(fixture.Slack.CallsTo("chat.postMessage"));

        time.Advance(TimeSpan.FromMilliseconds(1));
        await call;
        Assert.Equal(2, fixture.Slack.CallsTo("chat.postMessage").Count);
    }

    [Fact]
    public async Task OnceMode_ReportsTheRateLimit_WithItsRetryAfter()
    {
        fixture.Slack.Script("chat.postMessage", FakeSlackAnswer.RateLimited(30));

        var e = await Assert.ThrowsAsync<SlackApiException>(() =>
            fixture.Client().PostMessageAsync("T0DEMO", "C0SALES", Hello, null, SlackCallMode.Once, CancellationToken.None));

        Assert.False(e.IsPermanent);
        Assert.Equal(TimeSpan.FromSeconds(30), e.RetryAfter);
        Assert.Single(fixture.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task SlowAnswer_CountsAsATransientTimeout()
    {
        fixture.Slack.Script("users.info", FakeSlackAnswer.Slow(TimeSpan.FromSeconds(5)));
        var options = fixture.Options();
        options.ApiTimeoutMs = 200;
        options.ApiMaxAttempts = 1;

        var e = await Assert.ThrowsAsync<SlackApiException>(() => fixture.Client(options: options).UserInfoAsync("T0DEMO", "U0AVA", CancellationToken.None));

        Assert.Equal("timeout", e.Error);
        Assert.False(e.IsPermanent);
    }

    [Fact]
    public async Task Unfurl_UsesUnfurlIdAndSource_WhenSlackGaveThem()
    {
        await fixture.Client().UnfurlAsync("T0DEMO", "C0SALES", "1.2", "unf-1", "conversations_history", new JsonObject { ["https://x"] = new JsonObject() }, CancellationToken.None);

        var call = Assert.Single(fixture.Slack.CallsTo("chat.unfurl"));
        Assert.Equal("unf-1", call.Str("unfurl_id"));
        Assert.Equal("conversations_history", call.Str("source"));
        Assert.Null(call.Body["channel"]);
    }
}

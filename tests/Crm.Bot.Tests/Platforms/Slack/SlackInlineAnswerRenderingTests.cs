using Crm.Bot.Delivery;
using Crm.Bot.Platforms.Slack;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>
/// An answer that goes back in the HTTP response is rendered once: the routing renders it to decide on a rest row and
/// keeps the parts on the request's <see cref="AnswerTiming"/>; the edge answers with the first of them.
/// </summary>
public sealed class SlackInlineAnswerRenderingTests
{
    private readonly BlockKitRenderer _renderer = new();

    private static SlackReplyAddress Address(AnswerTiming timing) =>
        new SlackReplyAddress("T1", new SlackReplyTarget("U1", "C1", "https://hooks.example/1"), "T1:trigger-1") { Timing = timing };

    [Fact]
    public void TheRoutingKeepsWhatItRendered_AndTheEdgeGetsTheSameFirstPart()
    {
        var timing = new AnswerTiming();
        var reply = Reply.Text("Acme Corporation: 3 open deals");
        Assert.True(timing.TryAnswerInline(reply));

        Assert.Empty(new SlackAnswerRouting(_renderer).RowsFor(Address(timing), reply, ClaimedOutbox.RestPurpose));

        var kept = timing.FirstRendered<SlackMessage>(reply);
        Assert.NotNull(kept);
        var fresh = _renderer.RenderFirst(reply, out _);
        Assert.Equal(fresh.ToJson().ToJsonString(), kept.ToJson().ToJsonString());
    }

    [Fact]
    public void AnAnswerSplitIntoParts_KeepsTheFirstForTheResponse_AndStoresTheRest()
    {
        var timing = new AnswerTiming();
        // Far more text than one Slack message holds: Block Kit splits it.
        var reply = Reply.Text(string.Join("\n", Enumerable.Range(1, 400).Select(i => $"line {i}: {new string('x', 100)}")));
        Assert.True(timing.TryAnswerInline(reply));

        var rows = new SlackAnswerRouting(_renderer).RowsFor(Address(timing), reply, ClaimedOutbox.RestPurpose);

        Assert.Equal(ClaimedOutbox.RestPurpose, Assert.Single(rows).Row.Purpose);
        var parts = _renderer.Render(reply);
        Assert.True(parts.Count > 1);
        Assert.Equal(parts[0].ToJson().ToJsonString(), timing.FirstRendered<SlackMessage>(reply)!.ToJson().ToJsonString());
    }

    [Fact]
    public void PartsKeptForOneAnswer_AreNeverGivenForAnother()
    {
        var timing = new AnswerTiming();
        var reply = Reply.Text("first answer");
        new SlackAnswerRouting(_renderer).RowsFor(Address(timing), reply, ClaimedOutbox.RestPurpose);

        // An equal answer that is not the one rendered, and one of another kind of part: nothing kept for them.
        Assert.Null(timing.FirstRendered<SlackMessage>(Reply.Text("first answer")));
        Assert.Null(timing.FirstRendered<string>(reply));
        Assert.Null(new AnswerTiming().FirstRendered<SlackMessage>(reply));
    }
}

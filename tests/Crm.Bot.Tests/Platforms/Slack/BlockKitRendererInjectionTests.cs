using Crm.Bot.Platforms.Slack;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Platforms.Slack;

public sealed class BlockKitRendererInjectionTests
{
    private const string Hostile = "<!channel> *x* <https://evil.example|click>";

    private static string AllText(Reply reply) =>
        string.Join("\n", new BlockKitRenderer().Render(reply).SelectMany(BlockKitLimitChecker.VisibleTexts));

    [Fact]
    public void HostileCustomerName_CannotPingTheChannel_OrForgeALink()
    {
        var text = AllText(BlockKitRendererGoldenTests.AcmeCard(Hostile));

        Assert.DoesNotContain("<!channel>", text);
        Assert.DoesNotContain("<https://", text);
        Assert.DoesNotContain("|click>", text);
        Assert.Contains("&lt;!channel&gt; *x* &lt;https://evil.example|click&gt;", text);
    }

    [Theory]
    [InlineData("@here")]
    [InlineData("@channel")]
    [InlineData("@everyone")]
    [InlineData("Call @HERE now")]
    public void BareBroadcastWords_AreBroken_InEveryKindOfText(string data)
    {
        var reply = new Reply
        {
            FallbackText = data,
            Blocks =
            [
                new HeadingBlock(data), new TextBlock(data), new FieldsBlock([new ReplyField(data, data)]),
                new TableBlock(data, [data], [[data]]), new ContextBlock(data), new ActionsBlock([new ReplyButton(data, "help")]),
            ],
        };
        var text = AllText(reply);

        Assert.DoesNotMatch("(?i)@(here|channel|everyone)", text);
        Assert.Contains("@\u200D", text);
    }

    [Theory]
    [InlineData("<@U0ROOT>", "&lt;@U0ROOT&gt;")]
    [InlineData("<#C0SALES>", "&lt;#C0SALES&gt;")]
    [InlineData("<!subteam^S123>", "&lt;!subteam^S123&gt;")]
    [InlineData("Tom & Jerry > Acme", "Tom &amp; Jerry &gt; Acme")]
    [InlineData("&lt;already&gt;", "&amp;lt;already&amp;gt;")]
    public void MentionsAndEntities_InData_AreShownAsText(string data, string expected)
    {
        var text = AllText(new Reply { FallbackText = data, Blocks = [new TextBlock(data), new FieldsBlock([new ReplyField("Name", data)])] });
        Assert.Contains(expected, text);
        Assert.DoesNotContain(data, text);
    }

    [Fact]
    public void ShortenedText_NeverCutsAnEntityInHalf()
    {
        var data = string.Concat(Enumerable.Repeat("<>&", 2000));
        var reply = new Reply { FallbackText = data, Blocks = [new TextBlock(data), new FieldsBlock([new ReplyField("x", data)])] };
        foreach (var text in new BlockKitRenderer().Render(reply).SelectMany(BlockKitLimitChecker.VisibleTexts))
            Assert.DoesNotContain('&', text.Replace("&amp;", "").Replace("&lt;", "").Replace("&gt;", ""));
    }
}

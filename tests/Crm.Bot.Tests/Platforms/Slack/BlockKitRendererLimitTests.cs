using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Slack;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Platforms.Slack;

public sealed class BlockKitRendererLimitTests
{
    private readonly BlockKitRenderer _renderer = new();

    private IReadOnlyList<SlackMessage> RenderChecked(Reply reply)
    {
        var messages = _renderer.Render(reply);
        foreach (var message in messages) BlockKitLimitChecker.AssertWithinLimits(message);
        return messages;
    }

    private static string AllText(IEnumerable<SlackMessage> messages) =>
        string.Join("\n", messages.SelectMany(BlockKitLimitChecker.VisibleTexts));

    [Fact]
    public void SixtyDeals_AreAllShown_WithinLimits()
    {
        var rows = Enumerable.Range(1, 60)
            .Select(i => (IReadOnlyList<string>)[$"D-{2000 + i}", $"Expansion deal number {i} for a very large multinational customer group", "propose", $"{i * 1000:N0} USD", "2027-03-31"])
            .ToList();
        var messages = RenderChecked(new Reply { FallbackText = "60 deals", Blocks = [new TableBlock("Deals", ["Deal", "Name", "Stage", "Amount", "Close"], rows)] });

        var text = AllText(messages);
        for (var i = 1; i <= 60; i++) Assert.Contains($"D-{2000 + i} ·", text);
    }

    [Fact]
    public void FiveThousandCharacterNote_IsSplitOverSections_AndNothingIsLost()
    {
        var words = string.Join(' ', Enumerable.Range(0, 1100).Select(i => $"w{i:D4}"));
        Assert.True(words.Length >= 5000);
        var messages = RenderChecked(Reply.Text(words));

        var sections = messages.SelectMany(m => m.Blocks).Where(b => (string)b!["type"]! == "section").Select(b => (string)b!["text"]!["text"]!).ToList();
        Assert.True(sections.Count >= 2);
        Assert.Equal(words.Split(' '), string.Join(' ', sections).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void HugeTable_IsSplitOverMessages_EachSayingWhichPartItIs()
    {
        var rows = Enumerable.Range(1, 300).Select(i => (IReadOnlyList<string>)[$"T-{i}", new string('x', 250)]).ToList();
        var messages = RenderChecked(new Reply { FallbackText = "Tickets", Blocks = [new TableBlock(null, ["Ticket", "Subject"], rows)] });

        Assert.True(messages.Count > 1);
        Assert.Contains($"Part 1 of {messages.Count}, continued below.", AllText(messages.Take(1)));
        Assert.Contains($"Part {messages.Count} of {messages.Count}.", AllText(messages.TakeLast(1)));
        var text = AllText(messages);
        Assert.Contains("T-1 ·", text);
        Assert.Contains("T-300 ·", text);
    }

    [Fact]
    public void LongHeading_IsShortened_AndRepeatedInFullBelow()
    {
        var name = string.Concat(Enumerable.Repeat("Very Long Company Name ", 20)).Trim();
        var message = RenderChecked(new Reply { FallbackText = name, Blocks = [new HeadingBlock(name)] }).Single();

        var header = (string)message.Blocks[0]!["text"]!["text"]!;
        Assert.EndsWith("…", header);
        Assert.Equal("*" + name + "*", (string)message.Blocks[1]!["text"]!["text"]!);
    }

    [Fact]
    public void ManyAndLongFields_AreGroupedByTen_AndLongValuesFollowInFull()
    {
        var fields = Enumerable.Range(1, 25).Select(i => new ReplyField($"Field {i}", $"value {i}")).ToList();
        fields.Add(new ReplyField("Notes", new string('n', 4500)));
        var messages = RenderChecked(new Reply { FallbackText = "fields", Blocks = [new FieldsBlock(fields)] });

        var fieldSections = messages.SelectMany(m => m.Blocks).Where(b => b!["fields"] is not null).ToList();
        Assert.Equal(3, fieldSections.Count);
        Assert.Contains("(in full below)", AllText(messages));
        Assert.Equal(4500, AllText(messages).Split('\n').Where(l => l.All(c => c == 'n') && l.Length > 0).Sum(l => l.Length) - 0);
    }

    [Fact]
    public void ThirtyButtons_AreSpreadOverActionBlocks_WithShortenedLabels()
    {
        var buttons = Enumerable.Range(1, 30).Select(i => new ReplyButton($"Use C-{i} " + new string('L', 90), $"show C-{i}")).ToList();
        var message = RenderChecked(new Reply { FallbackText = "pick", Blocks = [new ActionsBlock(buttons)] }).Single();

        var actions = message.Blocks.Where(b => (string)b!["type"]! == "actions").ToList();
        Assert.Equal(2, actions.Count);
        var values = actions.SelectMany(a => (JsonArray)a!["elements"]!).Select(e => (string)e!["value"]!).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"show C-{i}"), values);
        Assert.All(actions.SelectMany(a => (JsonArray)a!["elements"]!), e => Assert.EndsWith("…", (string)e!["text"]!["text"]!));
    }

    [Fact]
    public void ButtonWhoseCommandIsTooLong_BecomesAHint_NotASlackError()
    {
        var message = RenderChecked(new Reply { FallbackText = "x", Blocks = [new ActionsBlock([new ReplyButton("Save", "note acme " + new string('a', 2100))])] }).Single();
        Assert.DoesNotContain(message.Blocks, b => (string)b!["type"]! == "actions");
        Assert.Contains("too long for a button", AllText([message]));
    }

    [Fact]
    public void EmptyReply_StillHasABlockAndText()
    {
        var message = RenderChecked(new Reply { FallbackText = "Done." }).Single();
        Assert.Equal("Done.", message.Text);
    }

    [Fact]
    public void LongFallbackText_IsShortened()
    {
        var message = RenderChecked(Reply.Text(new string('z', 50_000))).First();
        Assert.True(message.Text.Length <= SlackLimits.FallbackText);
    }
}

using Crm.Bot.TryIt;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Console;

public sealed class FormCommandTests
{
    private static readonly ReplyForm Decline = new("Decline handoff", "Decline",
    [
        new FormInput("reason", "Reason", Multiline: true, MaxLength: 20),
        new FormInput("team", "Team", Required: false, Choices: ["support", "finance"]),
    ]);

    [Fact]
    public void Fill_ReplacesEachPlaceholder_WithTheAnswerQuotedSoItReadsBackExactly()
    {
        var line = FormCommand.Fill("handoff H-1 decline {reason} {team}", Decline,
            new Dictionary<string, string> { ["reason"] = " not\n\"ours\" ", ["team"] = "finance" }, out var problem);
        Assert.Equal("handoff H-1 decline \"not\n\\\"ours\\\"\" finance", line);
        Assert.Equal(["handoff", "H-1", "decline", "not\n\"ours\"", "finance"], Crm.Bot.Pipeline.CommandLine.Parse(line).Tokens.Select(t => t.Text));
        Assert.Equal("", problem);
    }

    [Fact]
    public void Fill_WithoutAForm_RunsTheCommandAsIs()
    {
        Assert.Equal("show C-1001", FormCommand.Fill("show C-1001", null, null, out _));
    }

    [Fact]
    public void Fill_RefusesAMissingRequiredAnswer()
    {
        Assert.Null(FormCommand.Fill("x {reason}", Decline, new Dictionary<string, string> { ["reason"] = "  " }, out var problem));
        Assert.Equal("\"Reason\" is required.", problem);
    }

    [Fact]
    public void Fill_RefusesAnAnswerOverItsLimit()
    {
        Assert.Null(FormCommand.Fill("x {reason}", Decline, new Dictionary<string, string> { ["reason"] = new string('a', 21) }, out var problem));
        Assert.Equal("\"Reason\" may be at most 20 characters (it has 21).", problem);
    }

    [Fact]
    public void Fill_RefusesAChoiceThatIsNotOffered()
    {
        Assert.Null(FormCommand.Fill("x {reason} {team}", Decline,
            new Dictionary<string, string> { ["reason"] = "r", ["team"] = "legal" }, out var problem));
        Assert.Equal("\"Team\" must be one of: support, finance.", problem);
    }
}

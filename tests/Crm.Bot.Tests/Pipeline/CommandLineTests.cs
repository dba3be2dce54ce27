using Crm.Bot.Pipeline;

namespace Crm.Bot.Tests.Pipeline;

public sealed class CommandLineTests
{
    [Fact]
    public void QuotedNames_AreOneToken_InStraightAndSmartQuotes()
    {
        var straight = CommandLine.Parse("new customer \"Globex Ltd\" domain globex.example");
        var smart = CommandLine.Parse("new customer “Globex Ltd” domain globex.example");
        Assert.Equal(["new", "customer", "Globex Ltd", "domain", "globex.example"], straight.Tokens.Select(t => t.Text));
        Assert.Equal(straight.Tokens.Select(t => t.Text), smart.Tokens.Select(t => t.Text));
        Assert.Equal(TokenKind.Quoted, straight.Tokens[2].Kind);
    }

    [Fact]
    public void SlackAndTeamsMentions_AreRecognised()
    {
        var tokens = CommandLine.Parse("task acme <@U0SAM|sam> call <at>Ava Sales</at> @dana").Tokens;
        Assert.Equal(TokenKind.SlackMention, tokens[2].Kind);
        Assert.Equal("U0SAM", tokens[2].Text);
        Assert.Equal(TokenKind.TeamsMention, tokens[4].Kind);
        Assert.Equal("Ava Sales", tokens[4].Text);
        Assert.True(tokens[5].IsMention);
    }

    [Fact]
    public void Apostrophes_InWords_DoNotOpenAQuote()
    {
        var tokens = CommandLine.Parse("note acme customer's team can't log in").Tokens;
        Assert.Equal(7, tokens.Count);
        Assert.Equal("customer's", tokens[2].Text);
    }

    [Fact]
    public void UnclosedQuote_IsAPreciseError()
    {
        var result = CommandLine.Parse("new customer \"Globex Ltd domain x.example");
        Assert.Contains("never closed", result.Error);
    }

    [Theory]
    [InlineData("show acme\u0000")]
    [InlineData("show \u001b[31macme")]
    [InlineData("note acme \u202Eevil")]
    public void ControlAndDirectionCharacters_AreRefused(string text) =>
        Assert.NotNull(CommandLine.Parse(text).Error);

    [Fact]
    public void VeryLongText_IsRefusedWithTheLimit()
    {
        var result = CommandLine.Parse("note acme " + new string('x', 10_000));
        Assert.Contains("at most 4000", result.Error);
    }

    [Fact]
    public void FreeText_KeepsItsPunctuationAndSpacing()
    {
        var parsed = CommandLine.Parse("note acme Call went well,  wants a *demo* <!channel>");
        var args = new CommandArgs("note", parsed.Tokens.Skip(1).ToList(), parsed.Text);
        Assert.Equal("Call went well,  wants a *demo* <!channel>", args.Rest(1));
    }
}

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

    [Theory]
    [InlineData("note acme \"Acme \\\"Labs\\\" Ltd\"", "Acme \"Labs\" Ltd")]
    [InlineData("note acme \"ends with \\\\\"", "ends with \\")]
    [InlineData("note acme \"C:\\new folder\"", "C:\\new folder")]
    [InlineData("note acme “say \\”hi\\” twice”", "say ”hi” twice")]
    public void InsideDoubleQuotes_ABackslashEscapesAQuoteOrABackslash_AndIsKeptBeforeAnythingElse(string line, string value)
    {
        var tokens = CommandLine.Parse(line).Tokens;
        Assert.Equal(3, tokens.Count);
        Assert.Equal((TokenKind.Quoted, value), (tokens[2].Kind, tokens[2].Text));
    }

    [Theory]
    [InlineData("Acme \"Labs\" Ltd")]
    [InlineData("Retail owner=max@example.com")]
    [InlineData("line one\nline two")]
    [InlineData("back\\slash \\\" and \\")]
    [InlineData("\\")]
    [InlineData("\"")]
    [InlineData("“smart” ‘single’ „low“ O'Brien")]
    [InlineData("a=b")]
    [InlineData("tab\there")]
    [InlineData("plain")]
    public void AQuotedValue_ReadsBackExactly(string value)
    {
        var tokens = CommandLine.Parse("note acme " + CommandLine.Quote(value) + " end").Tokens;
        Assert.Equal(["note", "acme", value, "end"], tokens.Select(t => t.Text));
    }

    [Fact]
    public void RandomHostileValues_RoundTripThroughQuote()
    {
        var random = new Random(Fuzz.FuzzSeed.Value);
        const string alphabet = "ab =\"“”„'‘’\\\n\t{}<>@|xyz";
        for (var n = 0; n < 5_000; n++)
        {
            var value = new string(Enumerable.Range(0, random.Next(1, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()).Trim();
            if (value.Length == 0) continue;
            var tokens = CommandLine.Parse("x " + CommandLine.Quote(value)).Tokens;
            Assert.True(tokens.Count == 2 && tokens[1].Text == value, $"seed {Fuzz.FuzzSeed.Value}: '{value}' read back as [{string.Join("|", tokens.Select(t => t.Text))}]");
        }
    }
}

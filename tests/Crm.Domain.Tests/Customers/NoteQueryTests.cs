using Crm.Domain.Common;
using Crm.Domain.Customers.Search;

namespace Crm.Domain.Tests.Customers;

public sealed class NoteQueryTests
{
    [Theory]
    [InlineData("wants a demo", "'wants' & 'a' & 'demo':*", "\"wants\" \"a\" \"demo\"*")]
    [InlineData("Wants DEMO.", "'wants' & 'demo'", "\"wants\" \"demo\"")]
    [InlineData("call we", "'call' & 'we'", "\"call\" \"we\"")]
    [InlineData("renewal q19", "'renewal' & 'q19'", "\"renewal\" \"q19\"")]
    [InlineData("budget 2026", "'budget' & '2026'", "\"budget\" \"2026\"")]
    [InlineData("\"demo\" OR 'x'; --", "'demo' & 'or' & 'x'", "\"demo\" \"or\" \"x\"")]
    [InlineData("acme.example e-mail", "'acme.example' & 'e-mail'", "\"acme.example\" \"e-mail\"")]
    [InlineData("demo demo call demo", "'call' & 'demo':*", "\"call\" \"demo\"*")]
    public void WordsBecomeQuotedTerms_TheLastLettersOnlyWordAPrefix(string input, string tsquery, string fts5)
    {
        var query = NoteQuery.Parse(input)!;
        Assert.Equal(tsquery, query.ToTsQuery());
        Assert.Equal(fts5, query.ToFts5Match());
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!! ** :: ()")]
    [InlineData("\"'\"")]
    [InlineData("-.-@_")]
    public void InputWithoutAWord_SearchesNoNotes(string input) => Assert.Null(NoteQuery.Parse(input));

    [Fact]
    public void AtMostEightWords_TheLastKept()
    {
        var query = NoteQuery.Parse("one two three four five six seven eight nine ten")!;
        Assert.Equal(NoteQuery.MaxWords, query.Words.Count);
        Assert.Equal("ten", query.Words[^1]);
    }

    [Theory]
    [InlineData(30, "just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(59 * 60, "59 minutes ago")]
    [InlineData(5 * 3600, "5 hours ago")]
    [InlineData(30 * 3600, "yesterday")]
    [InlineData(3 * 86400, "3 days ago")]
    [InlineData(65 * 86400, "2 months ago")]
    [InlineData(800 * 86400, "2 years ago")]
    [InlineData(-120, "just now")]
    public void RelativeTime_SaysHowLongAgo(int secondsAgo, string expected)
    {
        var now = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, RelativeTime.Ago(now.AddSeconds(-secondsAgo), now));
    }

    [Fact]
    public void TheSnippet_OfAShortNote_IsTheNote_OnOneLine()
    {
        Assert.Equal("Call went well, wants a demo", NoteSnippet.Around("  Call went   well,\twants a demo ", NoteQuery.Parse("demo")!));
    }

    [Fact]
    public void TheSnippet_NeverCutsACharacterInHalf()
    {
        var text = "demo " + string.Concat(Enumerable.Repeat("😀", 200));
        var snippet = NoteSnippet.Around(text, NoteQuery.Parse("demo")!);
        Assert.InRange(snippet.Length, 1, NoteSnippet.MaxLength);
        Assert.Equal(snippet, UntrustedText.WellFormed(snippet));
        Assert.StartsWith("demo", snippet);
    }
}

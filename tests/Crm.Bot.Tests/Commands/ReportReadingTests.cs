using System.Text.RegularExpressions;
using Crm.Bot.Cli;
using Crm.Bot.Platforms.Slack;
using Crm.Bot.Platforms.Teams;
using Crm.Domain.Access;
using Crm.Domain.Deals;
using Crm.Domain.Replies;
using Crm.Domain.Reports;
using DealLine = Crm.Domain.Reports.DealLine;

namespace Crm.Bot.Tests.Commands;

/// <summary>Reports read as sentences in every renderer: whole labels, true windows, and lists that say what they leave out.</summary>
public sealed class ReportReadingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private const FieldClass SalesRep = FieldClass.Basic | FieldClass.Contact | FieldClass.Commercial | FieldClass.SupportSummary;
    private static readonly ReportAudience Sales = new("#sales", SalesRep, ReplyVisibility.Channel);

    private static DealLine Deal(int i) => new($"D-{3000 + i}", $"Deal {i}", $"C-{3000 + i}", $"Customer {i}", DealStage.Propose,
        new Money("EUR", 1000m), DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-i - 1), Now.AddDays(-2));

    private static PipelineReport Pipeline(int slipping, int moves = 0) => new(Now, Now.AddDays(-7), [],
        [new StageTotal(DealStage.Propose, slipping, [new Money("EUR", 1000m * slipping)])],
        moves, Enumerable.Range(0, Math.Min(moves, ReportQueries.ListLimit)).Select(Deal).ToList(), 0,
        slipping, [new Money("EUR", 1000m * slipping)], Enumerable.Range(0, Math.Min(slipping, ReportQueries.ListLimit)).Select(Deal).ToList());

    private static IEnumerable<(string Renderer, string Text)> Rendered(Reply reply)
    {
        yield return ("block kit", string.Join("\n", new BlockKitRenderer().Render(reply).Select(m => m.ToJson().ToJsonString())));
        yield return ("adaptive card", string.Join("\n", new AdaptiveCardRenderer().Render(reply).Select(c => c.ToString())));
        yield return ("plain text", ReplyTextRenderer.Render(reply));
    }

    [Fact]
    public void PipelineDigest_SaysAndNMore_WhenSlippingDealsExceedTheList()
    {
        var reply = ReportReplyBuilder.Build(Pipeline(slipping: 27), Sales);

        foreach (var (renderer, text) in Rendered(reply))
        {
            Assert.True(text.Contains("and 17 more", StringComparison.Ordinal), $"{renderer} does not say how many slipping deals are left out:\n{text}");
            Assert.Contains("D-3009", text);
            Assert.DoesNotContain("D-3010", text);
        }
    }

    [Fact]
    public void PipelineDigest_SaysNothingMore_WhenTheWholeListIsShown()
    {
        var reply = ReportReplyBuilder.Build(Pipeline(slipping: 10), Sales);
        foreach (var (renderer, text) in Rendered(reply))
            Assert.False(text.Contains(" more", StringComparison.Ordinal), $"{renderer} claims more than there is:\n{text}");
    }

    [Fact]
    public void PipelineReport_WithoutAPreviousDigest_SaysTheRealWindow_NotTheLastDigest()
    {
        var reply = ReportReplyBuilder.Build(Pipeline(slipping: 1, moves: 12), Sales);
        var all = string.Join("\n", Rendered(reply).Select(r => r.Text));

        Assert.DoesNotContain("last digest", all);
        var labels = reply.Blocks.OfType<FieldsBlock>().SelectMany(f => f.Fields).Select(f => f.Label).ToList();
        Assert.Contains("Stage moves in the last 7 days", labels);
        Assert.Contains("New deals in the last 7 days", labels);
        Assert.Contains("12 stage moves in the last 7 days", reply.FallbackText);
    }

    [Fact]
    public void PipelineDigest_AfterAPreviousDigest_CountsMovesSinceIt()
    {
        var report = Pipeline(slipping: 1, moves: 2) with { SinceLastDigest = true };
        var reply = ReportReplyBuilder.Build(report, Sales);

        var labels = reply.Blocks.OfType<FieldsBlock>().SelectMany(f => f.Fields).Select(f => f.Label).ToList();
        Assert.Contains("Stage moves since the last digest", labels);
        Assert.Contains("2 stage moves since the last digest", reply.FallbackText);
    }

    [Fact]
    public void ReportLabels_NeverEndInAPreposition_SoTheValueCannotReadAsItsObject()
    {
        foreach (var report in ReportSamples())
        foreach (var field in ReportReplyBuilder.Build(report, new ReportAudience("root", (FieldClass)0xFFFF, ReplyVisibility.Private))
                     .Blocks.OfType<FieldsBlock>().SelectMany(f => f.Fields))
        {
            Assert.DoesNotMatch(new Regex(@"\b(since|by|in|of|at|for|from|to)$"), field.Label);
        }
    }

    [Fact]
    public void ReportSummaries_CountOne_InTheSingular()
    {
        var reply = ReportReplyBuilder.Build(Pipeline(slipping: 1, moves: 1), Sales);
        Assert.Contains("1 open deal worth", reply.FallbackText);
        Assert.Contains("1 stage move in the last 7 days", reply.FallbackText);
        Assert.Contains("1 deal slipping past its close date", reply.FallbackText);
        Assert.DoesNotMatch(new Regex(@"\b1 \w+s\b"), reply.FallbackText.Replace("1,000 EUR", ""));
    }

    internal static IEnumerable<ReportResult> ReportSamples()
    {
        yield return Pipeline(slipping: 3, moves: 2);
        yield return new TicketsReport(Now, Now.AddDays(-7), [], new Dictionary<Crm.Domain.Tickets.TicketPriority, int> { [Crm.Domain.Tickets.TicketPriority.High] = 1 },
            1, [], [], 1, 0, 1);
        yield return new RenewalsReport(Now, Now.AddDays(-7), [], DateOnly.FromDateTime(Now.UtcDateTime).AddDays(60), 1, [new Money("EUR", 5m)], 0, [Deal(1)], 1);
        yield return new OverdueReport(Now, Now.AddDays(-7), [], 1, [new Money("EUR", 5m)], [], [], 1, 1, [new Money("EUR", 5m)]);
        yield return new QualityReport(Now, Now.AddDays(-7), [], 1, [], 1, [], 1, [], 1, [], 1);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Slack;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Platforms.Slack;

public sealed class BlockKitRendererGoldenTests
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string Render(Reply reply)
    {
        var messages = new BlockKitRenderer().Render(reply);
        foreach (var m in messages) BlockKitLimitChecker.AssertWithinLimits(m);
        var array = new JsonArray(messages.Select(m => (JsonNode)m.ToJson()).ToArray());
        return array.ToJsonString(Indented) + "\n";
    }

    internal static Reply AcmeCard(string name = "Acme Corporation") => new()
    {
        Visibility = ReplyVisibility.Channel,
        FallbackText = $"{name} (C-1001): customer, EMEA, owner ava@example.com",
        Blocks =
        [
            new HeadingBlock(name),
            new FieldsBlock(
            [
                new ReplyField("Id", "C-1001"),
                new ReplyField("Industry", "Manufacturing"),
                new ReplyField("Segment", "Enterprise"),
                new ReplyField("Region", "EMEA"),
                new ReplyField("Owner", "ava@example.com"),
                new ReplyField("Stage", "customer"),
            ]),
            new TableBlock("Open deals", ["Deal", "Name", "Stage", "Amount", "Close"],
            [
                ["D-1001", "Acme renewal", "negotiate", "48,000 USD", "2026-12-17"],
            ]),
            new DividerBlock(),
            new ContextBlock("Shown for #sales (Sales clearance). Hidden here: financial."),
            new ActionsBlock(
            [
                new ReplyButton("Log a note", "note C-1001 {text}", ButtonStyle.Primary,
                    new ReplyForm("Note on Acme", "Save", [new FormInput("text", "Note", Multiline: true, MaxLength: 2000)])),
                new ReplyButton("Follow", "follow C-1001"),
                new ReplyButton("Hand off", "handoff C-1001 to support", ButtonStyle.Danger),
            ]),
        ],
    };

    [Fact]
    public void CustomerCard_MatchesGoldenFile() => GoldenFile.AssertMatches("customer-card.json", Render(AcmeCard()));

    [Fact]
    public void Denial_MatchesGoldenFile() => GoldenFile.AssertMatches("denial.json", Render(new Reply
    {
        Tone = ReplyTone.Denied,
        FallbackText = "You may not see invoices: your role sales-rep cannot read financial data. finance-analyst would allow it.",
        Blocks = [new TextBlock("You may not see invoices.", Emphasis: true), new TextBlock("Your role sales-rep cannot read financial data. The role finance-analyst would allow it.")],
    }));

    [Fact]
    public void HostileCustomerName_MatchesGoldenFile() =>
        GoldenFile.AssertMatches("hostile-name.json", Render(AcmeCard("<!channel> *x* <https://evil.example|click> @here")));
}

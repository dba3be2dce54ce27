using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Teams;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Platforms.Teams;

public sealed class AdaptiveCardRendererTests
{
    private readonly AdaptiveCardRenderer _renderer = new();

    /// <summary>The cards as trees, to read them.</summary>
    private List<JsonObject> Render(Reply reply, CardRefresh? refresh = null) => _renderer.Render(reply, refresh).Select(c => c.ToJsonObject()).ToList();

    private static Reply CustomerCard(string name = "Acme Corporation") => new()
    {
        Visibility = ReplyVisibility.Channel,
        Tone = ReplyTone.Normal,
        FallbackText = $"{name} (C-1001)",
        Blocks =
        [
            new HeadingBlock(name),
            new FieldsBlock([new ReplyField("Industry", "Manufacturing"), new ReplyField("Owner", "ava@example.com")]),
            new DividerBlock(),
            new TableBlock("Deals", ["Deal", "Stage", "Amount"], [["D-1001 Acme renewal", "negotiate", "48,000"]]),
            new TextBlock("Renewal talks are going well.", Emphasis: true),
            new ContextBlock("2 field classes hidden in this channel"),
            new ActionsBlock(
            [
                new ReplyButton("Follow", "follow C-1001", ButtonStyle.Primary),
                new ReplyButton("Add note", "note C-1001 {text}", Form: new ReplyForm("Add a note", "Save", [new FormInput("text", "Note", Multiline: true)])),
                new ReplyButton("Hand off", "handoff C-1001 to {department} {note}", ButtonStyle.Danger,
                    new ReplyForm("Hand off", "Send", [new FormInput("department", "Department", Choices: ["support", "finance"]), new FormInput("note", "Note", Required: false)])),
            ]),
        ],
    };

    [Fact]
    public void CustomerCard_IsAValidAdaptiveCard15_WithFallbackText()
    {
        var card = Assert.Single(Render(CustomerCard(), new CardRefresh("show C-1001", ["29:a", "29:b"])));

        Assert.Empty(OfficialSchemas.AdaptiveCardErrors(card));
        Assert.Equal("1.5", card["version"]!.ToString());
        Assert.Equal("Acme Corporation (C-1001)", card["fallbackText"]!.ToString());
        Assert.Equal(["29:a", "29:b"], card["refresh"]!["userIds"]!.AsArray().Select(u => u!.ToString()));
        // The divider becomes a separator line above the element after it (the Deals table), and only there.
        var body = card["body"]!.AsArray();
        Assert.Equal(["Container"], body.Where(e => e!["separator"] is not null).Select(e => e!["type"]!.ToString()));
        Assert.True(body.Single(e => e!["separator"] is not null)!["separator"]!.GetValue<bool>());
    }

    [Fact]
    public void AnEditForm_StartsWithTheCurrentValues_AndIsStillAValidCard()
    {
        var form = new ReplyForm("Edit C-1001", "Save",
        [
            new FormInput("name", "Name", MaxLength: 200, Initial: "Acme Corporation"),
            new FormInput("stage", "Stage", Choices: ["lead", "prospect", "customer", "churned"], Initial: "customer"),
            new FormInput("industry", "Industry", Required: false, Initial: null),
            new FormInput("region", "Region", Required: false, Choices: ["EMEA", "AMER"], Initial: "APAC"),
        ]);
        var card = Render(new Reply { FallbackText = "card", Blocks = [new ActionsBlock([new ReplyButton("Edit", "customer C-1001 set name={name} stage={stage}", Form: form)])] })[0];

        Assert.Empty(OfficialSchemas.AdaptiveCardErrors(card));
        var showCard = ShowCard(card)!;
        var inputs = showCard["card"]!["body"]!.AsArray().ToDictionary(i => i!["id"]!.ToString(), i => i!);
        Assert.Equal("Acme Corporation", inputs["input_name"]["value"]!.ToString());
        Assert.Equal("customer", inputs["input_stage"]["value"]!.ToString());
        Assert.Null(inputs["input_industry"]["value"]);
        // A value that is not one of the choices is not offered as chosen.
        Assert.Null(inputs["input_region"]["value"]);
    }

    private static JsonNode? ShowCard(JsonNode node) => node switch
    {
        JsonObject o when o["type"]?.ToString() == "Action.ShowCard" => o,
        JsonObject o => o.Select(p => p.Value is null ? null : ShowCard(p.Value)).FirstOrDefault(n => n is not null),
        JsonArray a => a.Select(i => i is null ? null : ShowCard(i)).FirstOrDefault(n => n is not null),
        _ => null,
    };

    [Fact]
    public void SchemaCheck_CatchesAnInvalidCard()
    {
        var card = Render(CustomerCard())[0];
        card["body"]![0]!["inlines"]![0]!["weight"] = "heaviest";

        Assert.NotEmpty(OfficialSchemas.AdaptiveCardErrors(card));
    }

    [Fact]
    public void Buttons_AreActionExecute_WithAnActionSubmitFallback_CarryingTheCommand()
    {
        var card = Render(CustomerCard())[0];
        var actions = card["body"]!.AsArray().Single(e => e!["type"]!.ToString() == "ActionSet")!["actions"]!.AsArray();

        var follow = actions[0]!;
        Assert.Equal("Action.Execute", follow["type"]!.ToString());
        Assert.Equal("follow C-1001", follow["data"]!["command"]!.ToString());
        Assert.Equal("positive", follow["style"]!.ToString());
        Assert.Equal("Action.Submit", follow["fallback"]!["type"]!.ToString());
        Assert.Equal("follow C-1001", follow["fallback"]!["data"]!["command"]!.ToString());

        var form = actions[2]!;
        Assert.Equal("Action.ShowCard", form["type"]!.ToString());
        var inputs = form["card"]!["body"]!.AsArray();
        Assert.Equal("Input.ChoiceSet", inputs[0]!["type"]!.ToString());
        Assert.Equal("input_department", inputs[0]!["id"]!.ToString());
        Assert.Equal("handoff C-1001 to {department} {note}", form["card"]!["actions"]![0]!["data"]!["command"]!.ToString());
    }

    [Theory]
    [InlineData("**bold** _it_ [click](https://evil.example) <at>Everyone</at>")]
    [InlineData("# Heading\n- list\n> quote `code` ![img](http://x.example/a.png)")]
    [InlineData("visit www.evil.example or mailto:x@evil.example")]
    public void Data_CannotInjectMarkdownLinksOrMentions(string hostile)
    {
        var reply = new Reply
        {
            FallbackText = hostile,
            Blocks = [new HeadingBlock(hostile), new TextBlock(hostile), new FieldsBlock([new ReplyField(hostile, hostile)]), new TableBlock(hostile, [hostile], [[hostile]])],
        };

        var card = Render(reply)[0];

        Assert.Empty(OfficialSchemas.AdaptiveCardErrors(card));
        var texts = AllStrings(card, "text").ToList();
        Assert.NotEmpty(texts);
        // Data only ever lands in TextRuns, which Teams never reads as markdown; links and mentions are broken up.
        Assert.DoesNotContain("\"type\":\"TextBlock\"", card.ToJsonString());
        Assert.DoesNotContain("\"type\":\"FactSet\"", card.ToJsonString());
        Assert.All(texts, t => Assert.DoesNotContain("://", t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("<at>", t, StringComparison.OrdinalIgnoreCase));
        Assert.All(texts, t => Assert.DoesNotContain("www.", t, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("://", card["fallbackText"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HugeTable_IsSplitIntoCardsUnder80KB_EachValid()
    {
        var rows = Enumerable.Range(1, 3000).Select(i => (IReadOnlyList<string>)[$"INV-{i}", $"Customer number {i} with a long name", "12,500.00 USD", "overdue"]).ToList();
        var reply = new Reply
        {
            FallbackText = "Overdue invoices",
            Blocks = [new HeadingBlock("Overdue invoices"), new TableBlock("Invoices", ["Invoice", "Customer", "Amount", "Status"], rows), new ActionsBlock([new ReplyButton("Refresh", "report overdue")])],
        };

        var rendered = _renderer.Render(reply, new CardRefresh("report overdue", []));
        var cards = rendered.Select(c => c.ToJsonObject()).ToList();

        Assert.True(cards.Count > 1);
        Assert.All(rendered, card => Assert.True(CardJson.Bytes(w => new TeamsCardMessage(card, reply.FallbackText).WriteTo(w, replyToId: "1:abc")).Length < 80 * 1024));
        Assert.All(cards, card =>
        {
            Assert.Empty(OfficialSchemas.AdaptiveCardErrors(card));
            Assert.Null(card["refresh"]);
        });
        var allRows = cards.SelectMany(c => AllStrings(c, "text")).Count(t => t.StartsWith("INV-"));
        Assert.Equal(3000, allRows);
    }

    [Fact]
    public void DeniedReply_IsColouredAsAttention()
    {
        var card = Render(Reply.Text("You may not change deals: sales-rep or sales-manager can.", ReplyTone.Denied))[0];

        Assert.Empty(OfficialSchemas.AdaptiveCardErrors(card));
        Assert.Equal("attention", card["body"]![0]!["inlines"]![0]!["color"]!.ToString());
    }

    [Theory]
    [InlineData("Acme Corporation", "Acme Corporation")]
    [InlineData("48,000.00 USD\tQ3\nrenewal", "48,000.00 USD\tQ3\nrenewal")]
    [InlineData("bell\u0007 and\r\n line", "bell\uFFFD and\n line")]
    [InlineData("zero\u200Bwidth", "zero\uFFFDwidth")]
    [InlineData("\u202Egnp.exe\u202C", "\uFFFDgnp.exe\uFFFD")]
    [InlineData("Go to HTTPS://evil.example", "Go to HTTPS:\u200B//evil.example")]
    [InlineData("WWW.evil.example", "WWW\u200B.evil.example")]
    [InlineData("hi < at >all", "hi <\u200B at >all")]
    [InlineData("x\u0085y", "x\uFFFDy")]
    public void Neutralise_LeavesPlainDataAlone_AndBreaksUpWhatCouldBecomeALinkOrMention(string text, string expected)
    {
        Assert.Equal(expected, CardText.Neutralise(text));
        if (text == expected)
            Assert.Same(text, CardText.Neutralise(text));
    }

    [Fact]
    public void Neutralise_CutsTooLongText_WithAnEllipsis()
    {
        Assert.Equal("abc…", CardText.Neutralise("abcdef", 3));
        Assert.Equal("abc", CardText.Neutralise("abc", 3));
    }

    private static IEnumerable<string> AllStrings(JsonNode? node, string property) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == property && p.Value is JsonValue v ? [v.ToString()] : AllStrings(p.Value, property)),
        JsonArray a => a.SelectMany(n => AllStrings(n, property)),
        _ => [],
    };
}

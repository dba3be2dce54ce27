using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// The page at the size of a small laptop window, a channel's history across a reload, buttons that
/// follow the current state, and the "who sees what" panel for a card someone else posted.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleChannelPageTests(ConsoleHost host)
{
    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    public async Task At800PixelsWide_TheConversationKeepsMostOfTheWidth(string platform)
    {
        var console = await host.OpenAsync($"narrow-{platform}", width: 800, height: 700);
        await console.ActAsAsync("ava@example.com", platform, "private");
        var answer = await console.TypeAsync("show acme");
        await Assertions.Expect(answer).ToContainTextAsync("Acme Corporation");
        await console.ScreenshotAsync("800px");

        var conversation = await console.Page.Locator("main.conversation").BoundingBoxAsync();
        var composer = await console.Page.GetByTestId("composer").BoundingBoxAsync();
        var pageWidth = await console.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

        Assert.NotNull(conversation);
        Assert.True(conversation.Width >= 560, $"The conversation column is {conversation.Width} px wide at 800 px.");
        Assert.True(composer!.Width >= 500, $"The composer is {composer.Width} px wide at 800 px.");
        Assert.True(pageWidth <= 800, $"The page scrolls sideways: {pageWidth} px wide at 800 px.");
        await Assertions.Expect(console.Page.GetByTestId("panel")).ToBeVisibleAsync();
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task WhatWasPostedIntoAChannel_IsStillThere_AfterAReload()
    {
        var console = await host.OpenAsync("history");
        await console.ActAsAsync("sam@example.com", "slack", "general");
        const string line = "@crm show acme";
        var answer = await console.TypeAsync(line);
        await Assertions.Expect(answer).ToContainTextAsync("Acme Corporation");
        var log = console.Page.GetByTestId("log");
        var postsBefore = await log.Locator("[data-kind=typed]", new() { HasText = line }).CountAsync();
        var answersBefore = await log.Locator("[data-kind=reply]", new() { HasText = "Acme Corporation" }).CountAsync();
        Assert.True(postsBefore >= 1 && answersBefore >= 1);

        await console.Page.ReloadAsync();
        await console.ActAsAsync("ava@example.com", "slack", "general");
        await Assertions.Expect(log.Locator("[data-kind=typed]", new() { HasText = line })).ToHaveCountAsync(postsBefore);
        await Assertions.Expect(log.Locator("[data-kind=reply]", new() { HasText = "Acme Corporation" })).ToHaveCountAsync(answersBefore);
        await console.ScreenshotAsync("after-reload");
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task AfterFollow_TheCardOffersUnfollow()
    {
        var console = await host.OpenAsync("follow");
        await console.ActAsAsync("ava@example.com", "slack", "marketing");
        var card = await console.TypeAsync("/crm show C-1001");
        var follow = card.GetByRole(AriaRole.Button, new() { Name = "Follow", Exact = true });
        await Assertions.Expect(follow).ToHaveCountAsync(1);

        var done = await console.AnswerToAsync(() => follow.ClickAsync());
        await Assertions.Expect(done).ToContainTextAsync("now follows Acme Corporation");

        var cards = console.Page.Locator("[data-kind=reply]", new() { HasText = "Acme Corporation (C-1001)" });
        await Assertions.Expect(cards.First.GetByRole(AriaRole.Button, new() { Name = "Unfollow", Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(cards.First.GetByRole(AriaRole.Button, new() { Name = "Follow", Exact = true })).ToHaveCountAsync(0);
        await console.ScreenshotAsync("unfollow-offered");
        await console.TypeAsync("/crm show acme");
        // TypeAsync's locator is the last answer, whichever that is later: pin this card by its place.
        var replies = console.Page.Locator("[data-kind=reply]");
        var fresh = replies.Nth(await replies.CountAsync() - 1);
        await Assertions.Expect(fresh.GetByRole(AriaRole.Button, new() { Name = "Unfollow", Exact = true })).ToHaveCountAsync(1);
        await console.AnswerToAsync(() => fresh.GetByRole(AriaRole.Button, new() { Name = "Unfollow", Exact = true }).ClickAsync());
        await Assertions.Expect(fresh.GetByRole(AriaRole.Button, new() { Name = "Follow", Exact = true })).ToHaveCountAsync(1);
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task ThePanel_PutsWhatFionasCardHides_DownToHerRole_OrTheChannel()
    {
        var console = await host.OpenAsync("fiona-card");
        await console.ActAsAsync("fiona@example.com", "slack", "sales");
        var card = await console.TypeAsync("@crm show acme");
        await Assertions.Expect(card).ToContainTextAsync("fiona@example.com's own role");

        await card.ClickAsync(new() { Position = new() { X = 5, Y = 5 } });
        var panel = console.Page.GetByTestId("panel");
        await Assertions.Expect(panel.GetByTestId("cause-contact")).ToHaveTextAsync("Fiona's role");
        await Assertions.Expect(panel.GetByTestId("cause-financial")).ToHaveTextAsync("#sales");
        await Assertions.Expect(panel.GetByTestId("cause-support")).ToHaveTextAsync("both");
        await Assertions.Expect(panel.GetByTestId("cause-basic")).ToHaveTextAsync("");

        // Seen by someone else, the card still names the role that limited it: Fiona's, not the viewer's.
        await console.ActAsAsync("ava@example.com", "slack", "sales");
        await console.Page.GetByTestId("log").Locator("[data-kind=reply]", new() { HasText = "fiona@example.com's own role" }).Last
            .ClickAsync(new() { Position = new() { X = 5, Y = 5 } });
        await Assertions.Expect(panel.GetByTestId("cause-contact")).ToHaveTextAsync("Fiona's role");
        await Assertions.Expect(panel.GetByTestId("panel-classes")).ToContainTextAsync("Fiona (finance-analyst)");
        await console.ScreenshotAsync("fiona-panel");
        Assert.Empty(console.Errors);
    }
}

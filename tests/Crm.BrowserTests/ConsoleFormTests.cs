using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>Buttons with a form: a Slack modal, a Teams show-card; both run through the pipeline like a typed command.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleFormTests(ConsoleHost host)
{
    [Fact]
    public async Task HandoffToMarketing_IsDeclinedInASlackModal_AndTheCardSaysWhy()
    {
        var console = await host.OpenAsync("decline-slack-modal");
        await console.ActAsAsync("sam@example.com", "teams", "support");
        await console.TypeAsync("@CRM handoff acme to marketing Case study for the spring campaign");

        await console.ActAsAsync("mia@example.com", "slack", "marketing");
        var card = console.Delivered.Filter(new() { HasText = "Case study for the spring campaign" }).Last;
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await card.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        var modal = console.Page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(modal).ToContainTextAsync("Decline handoff");
        await modal.GetByLabel("Reason").FillAsync("No budget this quarter");
        await console.ScreenshotAsync("slack-modal");
        await console.Page.GetByTestId("modal-submit").ClickAsync();

        await Assertions.Expect(card).ToContainTextAsync("No budget this quarter", new() { Timeout = 20_000 });
        await Assertions.Expect(card).ToContainTextAsync("Declined by mia@example.com");
        await console.ScreenshotAsync("declined");
        Assert.Empty(console.Errors);
        Assert.Empty(console.OutsideRequests);
    }

    [Fact]
    public async Task HandoffToFinance_IsDeclinedInATeamsShowCard_AndTheCardSaysWhy()
    {
        var console = await host.OpenAsync("decline-teams-showcard");
        await console.ActAsAsync("max@example.com", "slack", "sales");
        await console.TypeAsync("/crm handoff acme to finance Check the credit limit");

        await console.ActAsAsync("fiona@example.com", "teams", "finance");
        var card = console.Delivered.Filter(new() { HasText = "Check the credit limit" }).Last;
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await card.GetByRole(AriaRole.Button, new() { Name = "Decline" }).First.ClickAsync();
        await card.GetByLabel("Reason").FillAsync("Limit was raised last week");
        await console.ScreenshotAsync("teams-showcard");
        await card.Locator(".ac-showcard").GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        await Assertions.Expect(card).ToContainTextAsync("Declined by fiona@example.com: Limit was raised last week", new() { Timeout = 20_000 });
        await console.ScreenshotAsync("declined");
        Assert.Empty(console.Errors);
        Assert.Empty(console.OutsideRequests);
    }
}

using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>The product, tried from the browser: the same customer, seen by different people in different channels.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleScenarioTests(ConsoleHost host)
{
    [Fact]
    public async Task ShowAcme_AsAvaInSales_ShowsTheDealButNoInvoice()
    {
        var console = await host.OpenAsync("ava-sales-show");
        await console.ActAsAsync("ava@example.com", "slack", "sales");
        var answer = await console.TypeAsync("/crm show acme");

        await Assertions.Expect(answer).ToContainTextAsync("Acme Corporation");
        await Assertions.Expect(answer).ToContainTextAsync("D-1001");
        await Assertions.Expect(answer).Not.ToContainTextAsync("INV-1001");
        await Assertions.Expect(answer).ToContainTextAsync("Only visible to you");
        await answer.ClickAsync(new() { Position = new() { X = 5, Y = 5 } });
        await Assertions.Expect(console.Page.GetByTestId("panel-fallback")).ToContainTextAsync("Acme");
        await Assertions.Expect(console.Page.GetByTestId("shown-commercial")).ToHaveTextAsync("shown");
        await Assertions.Expect(console.Page.GetByTestId("shown-financial")).ToHaveTextAsync("hidden");
        await Assertions.Expect(console.Page.GetByTestId("panel-why")).ToContainTextAsync("sales-rep");
        await console.ScreenshotAsync("show-acme");

        Assert.Empty(console.Errors);
        Assert.Empty(console.OutsideRequests);
    }

    [Fact]
    public async Task ShowAcme_AsFionaInFinance_ShowsTheOverdueInvoice()
    {
        var console = await host.OpenAsync("fiona-finance-show");
        await console.ActAsAsync("fiona@example.com", "teams", "finance");
        var answer = await console.TypeAsync("@CRM show acme");

        await Assertions.Expect(answer.Locator(".ac-root")).ToBeVisibleAsync();
        await Assertions.Expect(answer).ToContainTextAsync("INV-1001");
        await answer.ClickAsync(new() { Position = new() { X = 5, Y = 5 } });
        await Assertions.Expect(console.Page.GetByTestId("panel-audience")).ToContainTextAsync("Finance");
        await Assertions.Expect(console.Page.GetByTestId("shown-financial")).ToHaveTextAsync("shown");
        await Assertions.Expect(console.Page.GetByTestId("shown-contact")).ToHaveTextAsync("hidden");
        await console.ScreenshotAsync("show-acme");

        Assert.Empty(console.Errors);
        Assert.Empty(console.OutsideRequests);
    }

    [Fact]
    public async Task Handoff_FromAvaInSales_AppearsInSupport_AndSamAcceptsIt()
    {
        var console = await host.OpenAsync("handoff");
        await console.ActAsAsync("ava@example.com", "slack", "sales");
        var offered = await console.TypeAsync("/crm handoff acme to support Onboarding starts Monday");
        await Assertions.Expect(offered).Not.ToHaveAttributeAsync("data-kind", "error");
        await console.ScreenshotAsync("offered-in-sales");

        await console.ActAsAsync("sam@example.com", "teams", "support");
        var card = console.Delivered.Filter(new() { HasText = "Onboarding starts Monday" }).Last;
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(card).ToContainTextAsync("Acme Corporation");
        await console.ScreenshotAsync("card-in-support");

        await card.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("Accepted by sam@example.com", new() { Timeout = 20_000 });
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true })).ToHaveCountAsync(0);
        await console.ScreenshotAsync("accepted-by-sam");

        // The sender is told, in her private chat with the bot.
        await console.ActAsAsync("ava@example.com", "slack", "private");
        await Assertions.Expect(console.Delivered.Filter(new() { HasText = "Accepted by sam@example.com" }))
            .Not.ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await console.ScreenshotAsync("ava-told");

        Assert.Empty(console.Errors);
        Assert.Empty(console.OutsideRequests);
    }
}

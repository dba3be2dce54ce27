using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>The page itself: it loads from the host alone, shows who you act as, and helps you type.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsolePageTests(ConsoleHost host)
{
    [Fact]
    public async Task Console_LoadsWithoutErrors_AndFetchesNothingFromOutside()
    {
        var console = await host.OpenAsync("page");
        await console.ActAsAsync("ava@example.com", "slack", "sales");
        await Assertions.Expect(console.Page.GetByTestId("user-info")).ToHaveTextAsync("Sales · sales-rep · EMEA");
        await console.ActAsAsync("fiona@example.com", "teams", "finance");
        await Assertions.Expect(console.Page.GetByTestId("user-info")).ToHaveTextAsync("Finance · finance-analyst");
        await console.ScreenshotAsync("teams-finance");

        Assert.Empty(console.Errors);
        Assert.Empty(console.OutsideRequests);
    }

    [Fact]
    public async Task TheSidebar_SaysHowARealWorkspaceOrTenantIsConnected()
    {
        var console = await host.OpenAsync("setup");
        await console.ActAsAsync("ava@example.com", "slack", "sales");
        var setup = console.Page.GetByTestId("setup");
        await Assertions.Expect(setup).ToContainTextAsync("over HTTP");
        await Assertions.Expect(setup).ToContainTextAsync("Socket Mode (Slack:AppToken");
        await Assertions.Expect(setup).ToContainTextAsync("no public address");
        await Assertions.Expect(setup).ToContainTextAsync("manifest slack --socket-mode");

        await console.ActAsAsync("sam@example.com", "teams", "support");
        await Assertions.Expect(setup).ToContainTextAsync("manifest teams");
        await Assertions.Expect(setup).ToContainTextAsync("app catalog");
        await Assertions.Expect(setup).Not.ToContainTextAsync("Socket Mode");
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task Composer_CompletesVerbs_AndRecallsHistory()
    {
        var console = await host.OpenAsync("composer");
        var composer = console.Page.GetByTestId("composer");
        await composer.FillAsync("/crm wh");
        await Assertions.Expect(console.Page.GetByTestId("suggestions")).ToContainTextAsync("whoami");
        await console.ScreenshotAsync("completion");
        await composer.PressAsync("Tab");
        await Assertions.Expect(composer).ToHaveValueAsync("/crm whoami ");

        await composer.FillAsync("helpx");
        await composer.PressAsync("Enter");
        await composer.FillAsync("hel");
        await composer.PressAsync("Escape");
        await composer.FillAsync("");
        await composer.PressAsync("ArrowUp");
        await Assertions.Expect(composer).ToHaveValueAsync("helpx");
        Assert.Empty(console.OutsideRequests);
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    public async Task DataInAnswers_IsShownAsText_NeverAsMarkup(string platform)
    {
        var console = await host.OpenAsync($"markup-{platform}");
        var dialogs = 0;
        console.Page.Dialog += async (_, dialog) => { dialogs++; await dialog.DismissAsync(); };
        await console.ActAsAsync("ava@example.com", platform, "private");

        const string hostile = "<img src=x onerror=alert(1)> *bold* **strong** <!here> [link](http://example.com)";
        var answer = await console.TypeAsync($"find {hostile}");

        await Assertions.Expect(answer).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await Assertions.Expect(answer.Locator("img, a, script")).ToHaveCountAsync(0);
        await console.ScreenshotAsync("hostile-text");
        Assert.Equal(0, dialogs);
        Assert.Empty(console.Errors);
        Assert.Empty(console.OutsideRequests);
    }
}

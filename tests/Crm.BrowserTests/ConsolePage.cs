using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// The console page as a person uses it: pick a user, platform and channel, type, click. Collects
/// browser console errors and any request that would leave this machine, and saves screenshots
/// under TestResults/console-screenshots.
/// </summary>
public sealed class ConsolePage(IPage page, string scenario, Uri host, string key)
{
    private readonly List<string> _errors = [];
    private readonly List<string> _outside = [];
    private int _step;

    public IPage Page => page;
    public IReadOnlyList<string> Errors => _errors;
    public IReadOnlyList<string> OutsideRequests => _outside;

    public async Task AttachAsync()
    {
        page.Console += (_, message) => { if (message.Type == "error") _errors.Add(message.Text); };
        page.PageError += (_, error) => _errors.Add(error);
        // Everything must come from the host: a request anywhere else is recorded and refused.
        await page.Context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Host == host.Host && url.Port == host.Port) await route.ContinueAsync();
            else
            {
                _outside.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        // As a person does: the start-up link with this start's key, which the page trades for a cookie.
        await page.GotoAsync($"/?key={key}");
        await Assertions.Expect(page.GetByTestId("user")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByTestId("channel-private")).ToBeVisibleAsync();
    }

    public async Task ActAsAsync(string email, string platform, string channel)
    {
        await page.GetByTestId("user").SelectOptionAsync(email);
        await page.GetByTestId($"platform-{platform}").ClickAsync();
        await page.GetByTestId($"channel-{channel}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"channel-{channel}")).ToHaveAttributeAsync("aria-current", "true");
    }

    /// <summary>Types a command, presses Enter, and returns the bot's answer once it is shown.</summary>
    public Task<ILocator> TypeAsync(string command) => AnswerToAsync(async () =>
    {
        await page.GetByTestId("composer").FillAsync(command);
        await page.GetByTestId("composer").PressAsync("Enter");
    });

    /// <summary>Does something (a click, a form) and returns the bot's direct answer to it once it is shown.</summary>
    public async Task<ILocator> AnswerToAsync(Func<Task> action)
    {
        var answers = page.Locator("[data-kind=reply], [data-kind=error]");
        var before = await answers.CountAsync();
        await action();
        await Assertions.Expect(answers).ToHaveCountAsync(before + 1, new() { Timeout = 20_000 });
        return answers.Last;
    }

    public ILocator Delivered => page.Locator("[data-kind=delivered]");

    public async Task ScreenshotAsync(string step)
    {
        var folder = Path.Combine(RepositoryRoot(), "TestResults", "console-screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(folder, $"{scenario}-{++_step:00}-{step}.png"),
            FullPage = true,
        });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Crm.Bot.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}

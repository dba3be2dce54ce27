using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>Buttons on answers run their commands through the pipeline, as a click in Slack would.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleButtonTests(ConsoleHost host)
{
    [Fact]
    public async Task DuplicatePrompt_FindList_AndNoteModal_AllWorkByClicking()
    {
        var console = await host.OpenAsync("buttons");
        await console.ActAsAsync("ava@example.com", "slack", "private");

        var prompt = await console.TypeAsync("new customer \"Acme Labs\" domain acmelabs.example region EMEA");
        await Assertions.Expect(prompt).ToContainTextAsync("may already exist");
        await console.ScreenshotAsync("duplicate-prompt");
        var created = await console.AnswerToAsync(() => prompt.GetByRole(AriaRole.Button, new() { Name = "Create anyway" }).ClickAsync());
        await Assertions.Expect(created).ToContainTextAsync("Created Acme Labs");
        var id = Regex.Match(await created.InnerTextAsync(), @"Created Acme Labs \((C-\d+)\)").Groups[1].Value;

        var list = await console.TypeAsync("find acme");
        await Assertions.Expect(list).ToContainTextAsync("Acme Corporation");
        var labs = list.GetByRole(AriaRole.Button, new() { Name = $"Show {id}", Exact = true });
        await Assertions.Expect(labs).ToHaveCountAsync(1);
        await console.ScreenshotAsync("find-list");
        var card = await console.AnswerToAsync(() => labs.ClickAsync());
        await Assertions.Expect(card).ToContainTextAsync("acmelabs.example");

        await card.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        var modal = console.Page.GetByRole(AriaRole.Dialog);
        await modal.Locator("[data-input-id=text]").FillAsync("Met them at the trade fair");
        await console.ScreenshotAsync("note-modal");
        var noted = await console.AnswerToAsync(() => console.Page.GetByTestId("modal-submit").ClickAsync());
        await Assertions.Expect(noted).ToContainTextAsync("Noted on Acme Labs");
        await console.ScreenshotAsync("noted");

        Assert.Empty(console.Errors);
        Assert.Empty(console.OutsideRequests);
    }
}

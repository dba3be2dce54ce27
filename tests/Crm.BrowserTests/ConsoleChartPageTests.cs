using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>A report in the console shows its chart: the browser loads the PNG this host serves (same origin, allowed by the page's CSP).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleChartPageTests(ConsoleHost host)
{
    [Theory]
    [InlineData("slack", "img.sk-chart")]
    [InlineData("teams", "img.ac-chart")]
    public async Task AReport_ShowsItsChart_AsAnImageTheBrowserLoads(string platform, string selector)
    {
        var console = await host.OpenAsync($"chart-{platform}");
        await console.ActAsAsync("max@example.com", platform, "private");
        var answer = await console.TypeAsync("report pipeline");

        var chart = answer.Locator(selector);
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(chart).ToHaveAttributeAsync("alt", new Regex("^Deal amounts by stage\\. "));
        var width = await chart.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : new Promise(done => { img.onload = () => done(img.naturalWidth); img.onerror = () => done(0); })");
        Assert.Equal(800, width);
        await console.ScreenshotAsync("chart");
        Assert.Empty(console.Errors);
    }
}

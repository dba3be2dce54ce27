using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Domain.Demo;
using Crm.Testing;

namespace Crm.Bot.Tests.Console;

/// <summary>The console shows a report's chart: its Slack and Teams previews link the PNG by path, which this host serves without the console's key.</summary>
public sealed class ConsoleChartTests : IAsyncLifetime
{
    private PostgresDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await PostgresDatabase.CreateAsync();
        await using var db = _db.CreateContext();
        DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static IEnumerable<JsonElement> Objects(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Objects(p.Value)).Prepend(e),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Objects),
        _ => [],
    };

    [Theory]
    [InlineData("slack", "image", "image_url", "alt_text")]
    [InlineData("teams", "Image", "url", "altText")]
    public async Task AReportInTheConsole_ShowsItsChart_ServedByThisHost(string platform, string type, string urlProperty, string altProperty)
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        using var client = ConsoleClient.WithKey(host);
        var response = await client.PostAsJsonAsync("/console/api/send", new { user = "max@example.com", platform, text = "report pipeline" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await response.Content.ReadFromJsonAsync<JsonElement>();

        // The neutral reply beside the preview has an "image" block too (without a URL): the preview's element is the one with the link.
        var image = Assert.Single(Objects(message), o => o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == type && o.TryGetProperty(urlProperty, out _));
        Assert.Equal("Deal amounts by stage. negotiate: 48,000 USD.", image.GetProperty(altProperty).GetString());
        var path = image.GetProperty(urlProperty).GetString()!;
        Assert.StartsWith("/files/", path);

        using var anyone = ConsoleClient.WithoutKey(host);
        using var served = await anyone.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal((800, 400), PngHeader.Size(await served.Content.ReadAsByteArrayAsync()));
    }
}

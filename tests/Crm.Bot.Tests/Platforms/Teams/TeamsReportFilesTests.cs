using System.Net;
using System.Text.Json.Nodes;
using Crm.Domain.Audit;
using Crm.Domain.Demo;
using Crm.Testing;
using Crm.Testing.Teams;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>Reports with files through Teams on the real host: the chart as an Adaptive Card Image and an export as a download button, both at links this host serves.</summary>
public sealed class TeamsReportFilesTests : IAsyncLifetime
{
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Host:PublicBaseUrl"] = "https://crm.example.com",
            ["Files:SigningKey"] = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(3 * i)).ToArray()),
        });
        await using var db = _host.Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        DemoFixedRecords.Add(db, DateOnly.FromDateTime(now.UtcDateTime), now);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonNode> CardFor(string command)
    {
        var before = _host.Connector.Calls.Count;
        await _host.PostAsync(_host.Activities.Personal(DemoDirectory.FindByEmail("max@example.com")!, command));
        var calls = await _host.Connector.WaitForCallsAsync(before + 1);
        return calls[before].Body!["attachments"]![0]!["content"]!;
    }

    private static IEnumerable<JsonObject> Elements(JsonNode card) =>
        card["body"]!.AsArray().Select(e => e!.AsObject());

    /// <summary>The served file at <paramref name="url"/>, which must be under the configured public base URL.</summary>
    private async Task<HttpResponseMessage> FetchAsync(string url)
    {
        var uri = new Uri(url);
        Assert.Equal("https://crm.example.com", uri.GetLeftPart(UriPartial.Authority));
        return await _host.Client.GetAsync(uri.PathAndQuery);
    }

    [Fact]
    public async Task AReport_HasAnImage_WhoseUrlServesTheChartPng()
    {
        var card = await CardFor("report pipeline");

        var image = Assert.Single(Elements(card), e => (string?)e["type"] == "Image");
        Assert.Equal("Deal amounts by stage. negotiate: 48,000 USD.", (string?)image["altText"]);
        using var served = await FetchAsync((string)image["url"]!);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal((800, 400), PngHeader.Size(await served.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task AnXlsxExport_IsADownloadButton_ToTheWorkbook_AtTheAskersClearance_Audited()
    {
        var card = await CardFor("report overdue xlsx");

        var actions = Assert.Single(Elements(card), e => (string?)e["type"] == "ActionSet")["actions"]!.AsArray();
        var download = Assert.Single(actions)!;
        Assert.Equal("Action.OpenUrl", (string?)download["type"]);
        Assert.Matches(@"^Download overdue-report-.*\.xlsx$", (string?)download["title"]);
        using var served = await FetchAsync((string)download["url"]!);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("attachment", served.Content.Headers.ContentDisposition!.DispositionType);

        // Max (sales manager) reads the financial summary, not the invoices: totals only, no invoice numbers.
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await served.Content.ReadAsByteArrayAsync()), false);
        var part = workbook.WorkbookPart!;
        var sheets = part.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["Summary", "By days overdue"], sheets.Select(s => s.Name!.Value));
        var cells = sheets.SelectMany(s => ((WorksheetPart)part.GetPartById(s.Id!)).Worksheet.Descendants<Cell>())
            .Select(c => c.InlineString?.InnerText ?? "").ToList();
        Assert.Contains("12,500 USD", cells);
        Assert.DoesNotContain(cells, c => c.Contains("INV-", StringComparison.Ordinal));

        await using var db = _host.Database.CreateContext();
        var audit = await db.Audit.AsNoTracking().SingleAsync(a => a.Action == AuditAction.Export);
        Assert.Equal("max@example.com", audit.Actor);
    }
}

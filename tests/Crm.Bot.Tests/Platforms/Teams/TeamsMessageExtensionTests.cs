using System.Net;
using System.Text.Json.Nodes;
using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Demo;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>
/// The message extension against the real pipeline on the demo records: customers found from the compose box and
/// links to customer pages unfurled, each card at the clearance of the conversation it goes into, with real JWTs.
/// </summary>
public sealed class TeamsMessageExtensionTests : IAsyncLifetime
{
    private const string LinkPattern = "https://crm.example.com/customers/{id}";
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Teams:CustomerLinkPattern"] = LinkPattern });
        await using var db = _host.Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        DemoFixedRecords.Add(db, DateOnly.FromDateTime(now.UtcDateTime), now);
        db.Customers.AddRange(
            new Customer(2001, "Acme Labs", "acmelabs.example", "AMER", "ava@example.com") { CreatedAt = now, UpdatedAt = now },
            new Customer(2002, "Acme Retail", "acmeretail.example", "APAC", "ava@example.com") { CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DemoUser User(string name) => DemoDirectory.FindByEmail($"{name}@example.com")!;
    private static DemoChannel Channel(string name) => DemoDirectory.Channels.Single(c => c.Name == name);

    private async Task<JsonObject> InvokeAsync(JsonObject activity)
    {
        var response = await _host.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static JsonArray Attachments(JsonObject body)
    {
        Assert.Equal("result", body["composeExtension"]!["type"]!.ToString());
        return body["composeExtension"]!["attachments"]!.AsArray();
    }

    [Fact]
    public async Task ASearchWithOneMatch_InsertsTheCard_AtTheChannelsClearance()
    {
        // The admin reads everything; the Support channel reads no invoices: the card for Support shows the ticket, no invoice.
        var card = Assert.Single(Attachments(await InvokeAsync(_host.Activities.ComposeQuery(User("root"), "acme corporation", Channel("Support")))))!;

        Assert.Equal("application/vnd.microsoft.card.adaptive", card["contentType"]!.ToString());
        Assert.Equal("AdaptiveCard", card["content"]!["type"]!.ToString());
        Assert.StartsWith("Acme Corporation", card["preview"]!["content"]!["title"]!.ToString());
        var text = card["content"]!.ToJsonString();
        Assert.Contains("Cannot log in", text);
        Assert.DoesNotContain("INV-1001", text);
    }

    [Fact]
    public async Task InTheOneToOneChat_TheCardShowsWhatThePersonMayRead()
    {
        var card = Assert.Single(Attachments(await InvokeAsync(_host.Activities.ComposeQuery(User("fiona"), "acme corporation"))))!;

        Assert.Contains("INV-1001", card["content"]!.ToJsonString());
    }

    [Fact]
    public async Task SeveralMatches_AreListed_AndThePickedOneIsInsertedAsItsCard()
    {
        var list = Attachments(await InvokeAsync(_host.Activities.ComposeQuery(User("sam"), "acme", Channel("Support"))));

        Assert.Equal(["Acme Corporation", "Acme Labs", "Acme Retail"], list.Select(a => a!["preview"]!["content"]!["title"]!.ToString()).Order());
        var labs = list.Single(a => a!["preview"]!["content"]!["title"]!.ToString() == "Acme Labs")!;
        Assert.Equal("C-2001", labs["preview"]!["content"]!["subtitle"]!.ToString());
        var tap = labs["preview"]!["content"]!["tap"]!;
        Assert.Equal("invoke", tap["type"]!.ToString());

        var picked = Assert.Single(Attachments(await InvokeAsync(_host.Activities.ComposeSelect(User("sam"), tap["value"]!.DeepClone().AsObject(), Channel("Support")))))!;
        Assert.StartsWith("Acme Labs", picked["preview"]!["content"]!["title"]!.ToString());
        Assert.Contains("acmelabs.example", picked["content"]!.ToJsonString());
    }

    [Fact]
    public async Task NoMatchOrAnEmptySearch_SaysWhatToType()
    {
        var none = await InvokeAsync(_host.Activities.ComposeQuery(User("sam"), "zzqx nothing like it"));
        Assert.Equal("message", none["composeExtension"]!["type"]!.ToString());
        Assert.Contains("No customer matches", none["composeExtension"]!["text"]!.ToString());

        var empty = await InvokeAsync(_host.Activities.ComposeQuery(User("sam"), "  "));
        Assert.Contains("Type part of a customer's name", empty["composeExtension"]!["text"]!.ToString());
    }

    [Fact]
    public async Task APickedItem_RunsOnlyAShow_NeverAChange()
    {
        var refused = await InvokeAsync(_host.Activities.ComposeSelect(User("max"), new JsonObject { ["command"] = "deal D-1001 stage won" }));

        Assert.Equal("message", refused["composeExtension"]!["type"]!.ToString());
        await using var db = _host.Database.CreateContext();
        Assert.NotEqual(DealStage.Won, (await db.Deals.SingleAsync(d => d.Number == 1001)).Stage);
    }

    [Fact]
    public async Task ACustomerLink_UnfurlsToTheCard_AtTheConversationsClearance()
    {
        var inSupport = Assert.Single(Attachments(await InvokeAsync(
            _host.Activities.QueryLink(User("root"), "https://crm.example.com/customers/C-1001", Channel("Support")))))!;
        Assert.Contains("Cannot log in", inSupport["content"]!.ToJsonString());
        Assert.DoesNotContain("INV-1001", inSupport["content"]!.ToJsonString());

        var inFinance = Assert.Single(Attachments(await InvokeAsync(
            _host.Activities.QueryLink(User("fiona"), "https://crm.example.com/customers/1001", Channel("Finance")))))!;
        Assert.Contains("INV-1001", inFinance["content"]!.ToJsonString());
    }

    [Fact]
    public async Task OtherLinks_AndUnknownCustomers_UnfurlToNothing()
    {
        foreach (var url in new[] { "https://example.org/customers/C-1001", "https://crm.example.com/customers/C-999999" })
        {
            var body = await InvokeAsync(_host.Activities.QueryLink(User("sam"), url, Channel("Support")));
            Assert.Null(body["composeExtension"]);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Domain.Demo;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Console;

/// <summary>
/// What a console channel shows and keeps: its history across reloads and restarts, buttons that
/// match the current state, and a card footer that says what hid each field class.
/// </summary>
public sealed class ConsoleChannelTests : IAsyncLifetime
{
    private const string Sales = "C0SALES";
    private PostgresDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await PostgresDatabase.CreateAsync();
        await using var db = _db.CreateContext();
        if (!await db.Customers.AnyAsync())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static async Task<JsonElement> SendAsync(HttpClient client, string user, string? channel, string text)
    {
        var response = await client.PostAsJsonAsync("/console/api/send", new { user, platform = "slack", channel, text });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ClickAsync(HttpClient client, string user, string? channel, JsonElement button)
    {
        var response = await client.PostAsJsonAsync("/console/api/click", new { user, platform = "slack", channel, button });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<JsonElement>> TimelineAsync(HttpClient client, string user, string channel) =>
        (await client.GetFromJsonAsync<JsonElement>($"/console/api/timeline?user={user}&platform=slack&channel={channel}"))
        .GetProperty("items").EnumerateArray().ToList();

    private static IEnumerable<JsonElement> Blocks(JsonElement message) =>
        message.GetProperty("reply").TryGetProperty("blocks", out var blocks) ? blocks.EnumerateArray() : [];

    private static List<string> ButtonLabels(JsonElement message) =>
        Blocks(message).Where(b => b.GetProperty("type").GetString() == "actions")
            .SelectMany(b => b.GetProperty("buttons").EnumerateArray()).Select(b => b.GetProperty("label").GetString()!).ToList();

    private static JsonElement Button(JsonElement message, string label) =>
        Blocks(message).Where(b => b.GetProperty("type").GetString() == "actions")
            .SelectMany(b => b.GetProperty("buttons").EnumerateArray()).Single(b => b.GetProperty("label").GetString() == label);

    private static string Footer(JsonElement message) =>
        Blocks(message).Last(b => b.GetProperty("type").GetString() == "context").GetProperty("text").GetString()!;

    [Fact]
    public async Task WhatIsPostedIntoAChannel_StaysInItsTimeline_AfterAReload_AndAHostRestart()
    {
        List<JsonElement> before;
        await using (var host = await RealHost.StartAsync(_db.ConnectionString))
        {
            using var client = ConsoleClient.WithKey(host);
            var posted = await SendAsync(client, "ava@example.com", Sales, "@crm show acme");
            await SendAsync(client, "ava@example.com", Sales, "/crm whoami");

            Assert.True(posted.GetProperty("posted").GetProperty("answer").GetInt64() > 0);
            before = await TimelineAsync(client, "sam@example.com", Sales);
        }

        Assert.Equal(2, before.Count);
        Assert.Equal("Ava Sales", before[0].GetProperty("author").GetString());
        Assert.Equal("@crm show acme", before[0].GetProperty("text").GetString());
        Assert.Equal("answer", before[1].GetProperty("purpose").GetString());
        Assert.Contains("Acme Corporation", before[1].GetProperty("message").GetProperty("reply").GetProperty("fallbackText").GetString());
        // The slash command's answer was only for ava: it is no part of the channel's history.
        Assert.DoesNotContain(before, i => i.ToString().Contains("whoami", StringComparison.Ordinal));

        await using (var restarted = await RealHost.StartAsync(_db.ConnectionString))
        {
            using var client = ConsoleClient.WithKey(restarted);
            var after = await TimelineAsync(client, "ava@example.com", Sales);
            Assert.Equal(before.Select(i => i.GetProperty("id").GetInt64()), after.Select(i => i.GetProperty("id").GetInt64()));
            Assert.Equal(before[1].GetProperty("message").GetProperty("reply").GetProperty("fallbackText").GetString(),
                after[1].GetProperty("message").GetProperty("reply").GetProperty("fallbackText").GetString());
            Assert.Empty(await TimelineAsync(client, "ava@example.com", "C0GENERAL"));
        }
    }

    [Fact]
    public async Task TheFollowButton_BecomesUnfollow_OnceTheChannelFollows_AndBackAfterUnfollow()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        using var client = ConsoleClient.WithKey(host);

        var card = (await SendAsync(client, "ava@example.com", Sales, "/crm show C-1001")).GetProperty("message");
        Assert.Contains("Follow", ButtonLabels(card));
        var followed = await ClickAsync(client, "ava@example.com", Sales, Button(card, "Follow"));
        Assert.Equal("success", followed.GetProperty("message").GetProperty("reply").GetProperty("tone").GetString());

        var again = (await SendAsync(client, "ava@example.com", Sales, "/crm show acme")).GetProperty("message");
        Assert.Contains("Unfollow", ButtonLabels(again));
        Assert.DoesNotContain("Follow", ButtonLabels(again));

        await ClickAsync(client, "ava@example.com", Sales, Button(again, "Unfollow"));
        Assert.Contains("Follow", ButtonLabels((await SendAsync(client, "ava@example.com", Sales, "/crm show C-1001")).GetProperty("message")));
        // In the private chat no channel can follow: neither button is offered.
        var privately = (await SendAsync(client, "ava@example.com", null, "show C-1001")).GetProperty("message");
        Assert.DoesNotContain(ButtonLabels(privately), l => l.Contains("ollow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACardFionaPostsIntoSales_PutsEachHiddenClassDownToItsCause()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        using var client = ConsoleClient.WithKey(host);

        var message = (await SendAsync(client, "fiona@example.com", Sales, "@crm show acme")).GetProperty("message");

        // #sales is cleared as sales-rep (basic, contact, commercial, support summary); fiona's
        // finance-analyst role reads basic, commercial, financial summary and financial.
        var footer = Footer(message);
        Assert.Contains("financial summary, financial (the channel's clearance)", footer);
        Assert.Contains("contact, support summary (fiona@example.com's own role, finance-analyst)", footer);
        Assert.Contains("; support, aggregates (both).", footer);
        var causes = message.GetProperty("reply").GetProperty("redaction").GetProperty("hiddenBy").EnumerateArray()
            .ToDictionary(h => h.GetProperty("class").GetString()!, h => h.GetProperty("by").GetString());
        Assert.Equal("role", causes["contact"]);
        Assert.Equal("role", causes["support summary"]);
        Assert.Equal("channel", causes["financial"]);
        Assert.Equal("both", causes["support"]);
        Assert.Equal("fiona@example.com", message.GetProperty("reply").GetProperty("redaction").GetProperty("person").GetString());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Crm.Bot.TryIt;
using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Domain.Identity;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Console;

/// <summary>The console in the real host: where it is served, to whom, and what it stands in for.</summary>
public sealed class ConsoleHostTests : IAsyncLifetime
{
    private PostgresDatabase _db = null!;

    public async Task InitializeAsync() => _db = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Console_IsServedAtTheRoot_OnThisMachine_FromTheHostAlone()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        using var client = ConsoleClient.WithKey(host);

        var page = await client.GetAsync("/");
        var script = await client.GetAsync("/console/console.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("http", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/console/missing.js")).StatusCode);
    }

    [Fact]
    public async Task Console_RefusesOtherMachines_UnlessAllowed()
    {
        var lan = NonLoopbackAddress();
        await using (var host = await RealHost.StartAsync(_db.ConnectionString, listenOn: "0.0.0.0"))
        {
            using var remote = ConsoleClient.WithKey(host, new UriBuilder(host.Address) { Host = lan.ToString() }.Uri);
            var refused = await remote.GetAsync("/console/api/directory");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("Console:AllowRemote", await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Forbidden, (await remote.GetAsync("/")).StatusCode);
        }
        await using (var host = await RealHost.StartAsync(_db.ConnectionString, new Dictionary<string, string?> { ["Console:AllowRemote"] = "true" }, listenOn: "0.0.0.0"))
        {
            using var remote = ConsoleClient.WithKey(host, new UriBuilder(host.Address) { Host = lan.ToString() }.Uri);
            Assert.Equal(HttpStatusCode.OK, (await remote.GetAsync("/console/api/directory")).StatusCode);
        }
    }

    [Fact]
    public async Task Console_RefusesAForeignHostName_SoAWebPageCannotReachItByDnsRebinding()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        using var client = ConsoleClient.WithKey(host);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/api/directory");
        request.Headers.Host = "attacker.example";

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Console_IsNotServed_OncePlatformsAreConfigured()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString, new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = "0123456789abcdef0123456789abcdef",
            ["Slack:BotToken"] = "xoxb-test",
        });
        using var client = ConsoleClient.WithoutKey(host);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/console/api/directory")).StatusCode);
        Assert.Empty(host.Services.GetServices<IMessageTransport>().OfType<ConsoleTransport>());
    }

    [Fact]
    public async Task Console_StandsIn_AsTheOnlyDirectoryAndTransport_OfEachUnconfiguredPlatform()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);

        foreach (var platform in new[] { Platform.Slack, Platform.Teams })
        {
            Assert.IsType<ConsoleTransport>(Assert.Single(host.Services.GetServices<IMessageTransport>(), t => t.Platform == platform));
            Assert.IsType<ConsoleDirectory>(Assert.Single(host.Services.GetServices<IDirectory>(), d => d.Platform == platform));
        }
    }

    [Fact]
    public async Task Messages_AreRenderedByEachPlatformsOwnRenderer_WithTheNeutralReplyBeside()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        var messages = host.Services.GetRequiredService<ConsoleMessages>();
        var reply = new Reply
        {
            FallbackText = "Handoff H-1 <!here>",
            Blocks = [new HeadingBlock("Acme <b>"), new ActionsBlock([new ReplyButton("Accept", "handoff H-1 accept", ButtonStyle.Primary)])],
        };

        var slack = messages.Present(reply, Platform.Slack);
        var teams = messages.Present(reply, Platform.Teams);

        var blocks = slack.Rendered![0]!["blocks"]!.AsArray();
        Assert.Equal("header", blocks[0]!["type"]!.GetValue<string>());
        Assert.Equal("handoff H-1 accept", blocks[1]!["elements"]![0]!["value"]!.GetValue<string>());
        Assert.DoesNotContain("<!here>", slack.Rendered.ToJsonString());
        var card = teams.Rendered![0]!["content"]!;
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Contains("\"handoff H-1 accept\"", card.ToJsonString());
        Assert.Equal("Handoff H-1 <!here>", teams.Reply!["fallbackText"]!.GetValue<string>());
        Assert.Null(slack.RenderProblem);
    }

    [Fact]
    public async Task Directory_ListsTheDemoUsersWithDepartmentAndRole_AndTheChannelsOfEachPlatform()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        using var client = ConsoleClient.WithKey(host);

        var directory = await client.GetFromJsonAsync<JsonElement>("/console/api/directory");

        var ava = directory.GetProperty("users").EnumerateArray().First(u => u.GetProperty("email").GetString() == "ava@example.com");
        Assert.Equal("Sales", ava.GetProperty("department").GetString());
        Assert.Equal("sales-rep", ava.GetProperty("role").GetString());
        var teams = directory.GetProperty("platforms").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "teams");
        Assert.True(teams.GetProperty("standIn").GetBoolean());
        Assert.Equal(["Support", "Finance"], teams.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Contains(directory.GetProperty("verbs").EnumerateArray(), v => v.GetProperty("verb").GetString() == "handoff");
    }

    [Fact]
    public async Task Directory_ShowsTheChannelsCurrentBinding_AndTheClearanceItGives()
    {
        await using (var db = _db.CreateContext())
        {
            db.Channels.Add(new ChatChannel { Platform = Platform.Slack, Workspace = "T0DEMO", ExternalId = "C0GENERAL", Name = "general", Department = Department.Finance });
            await db.SaveChangesAsync();
        }
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        using var client = ConsoleClient.WithKey(host);

        var directory = await client.GetFromJsonAsync<JsonElement>("/console/api/directory");

        var slack = directory.GetProperty("platforms").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "slack");
        var general = slack.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "C0GENERAL");
        var marketing = slack.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "C0MKT");
        Assert.Equal("Finance", general.GetProperty("department").GetString());
        Assert.Equal("finance-analyst", general.GetProperty("clearedAs").GetString());
        Assert.Contains("financial", general.GetProperty("clearance").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain("contact", general.GetProperty("clearance").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["basic", "aggregates"], marketing.GetProperty("clearance").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Send_RefusesBadInput_WithWhatToDoInstead()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        using var client = ConsoleClient.WithKey(host);

        var unknown = await client.PostAsJsonAsync("/console/api/send", new { user = "x@example.com", platform = "slack", text = "help" });
        var empty = await client.PostAsJsonAsync("/console/api/send", new { user = "ava@example.com", platform = "slack", text = " " });
        var notJson = await client.PostAsync("/console/api/send", new StringContent("user=ava@example.com&text=help", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Pick one of: ava@example.com", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Type a command", await empty.Content.ReadAsStringAsync());
        // Only JSON is taken, so another site's page cannot post a form here without a CORS preflight.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
    }

    [Fact]
    public async Task Timeline_ShowsWhatTheConsoleTransportDelivered_ToThatChannel()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        var transport = host.Services.GetServices<IMessageTransport>().Single(t => t.Platform == Platform.Teams);
        var reply = Reply.Text("Handoff H-1: Acme Corporation to Support");
        await using (var db = _db.CreateContext())
        {
            var message = new OutboxMessage
            {
                IdempotencyKey = "handoff:1", Platform = Platform.Teams, Workspace = "11111111-2222-4333-8444-555555555555",
                TargetKind = OutboxTargetKind.Channel, Recipient = "19:support@thread.tacv2", ReplyJson = reply.ToJson(),
                Purpose = "handoff", Status = OutboxStatus.Pending, CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow,
            };
            db.Outbox.Add(message);
            await db.SaveChangesAsync();
            var result = await transport.SendAsync(message, reply, null, default);
            Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
            message.Status = OutboxStatus.Sent;
            message.SentAt = DateTimeOffset.UtcNow;
            message.ExternalMessageId = result.ExternalMessageId;
            await db.SaveChangesAsync();
        }
        using var client = ConsoleClient.WithKey(host);

        var support = await client.GetFromJsonAsync<JsonElement>("/console/api/timeline?user=sam@example.com&platform=teams&channel=19:support@thread.tacv2");
        var finance = await client.GetFromJsonAsync<JsonElement>("/console/api/timeline?user=sam@example.com&platform=teams&channel=19:finance@thread.tacv2");

        var item = Assert.Single(support.GetProperty("items").EnumerateArray());
        Assert.Equal("handoff", item.GetProperty("purpose").GetString());
        Assert.Equal(reply.FallbackText, item.GetProperty("message").GetProperty("reply").GetProperty("fallbackText").GetString());
        Assert.Empty(finance.GetProperty("items").EnumerateArray());
    }

    private static IPAddress NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException("This machine has no non-loopback IPv4 address to connect from; the remote-peer check needs one.");
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Bot.TryIt;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Console;

/// <summary>
/// Attacks on the console's way in: without this start's key, through a proxy, or beside a
/// configured platform, nothing is served and nothing runs.
/// </summary>
public sealed class ConsoleAccessTests : IAsyncLifetime
{
    private PostgresDatabase _db = null!;

    public async Task InitializeAsync() => _db = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static HttpClient NoRedirects(Uri address) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };

    [Fact]
    public async Task WithoutTheKey_EveryConsoleRequest_Is403_AndNoCommandRuns()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        using var client = ConsoleClient.WithoutKey(host);
        using var wrong = new HttpClient { BaseAddress = host.Address };
        wrong.DefaultRequestHeaders.Add("Cookie", $"{ConsoleAccessKey.CookieName(host.Address.Port)}={new string('0', 64)}");

        foreach (var c in new[] { client, wrong })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync("/")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync("/console/console.js")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync("/console/api/directory")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync("/console/api/timeline?user=ava@example.com&platform=slack")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync("/console/api/events", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
            var send = await c.PostAsJsonAsync("/console/api/send", new { user = "root@example.com", platform = "slack", text = "new customer Intruder Ltd" });
            Assert.Equal(HttpStatusCode.Forbidden, send.StatusCode);
            Assert.Contains("?key=", await send.Content.ReadAsStringAsync());
            var click = await c.PostAsJsonAsync("/console/api/click", new { user = "root@example.com", platform = "slack", button = new { label = "x", command = "whoami" } });
            Assert.Equal(HttpStatusCode.Forbidden, click.StatusCode);
        }
        await using var db = _db.CreateContext();
        Assert.DoesNotContain(db.Audit, a => a.Command.Contains("Intruder") || a.Command == "whoami");
        Assert.DoesNotContain(db.Customers, c => c.Name == "Intruder Ltd");
    }

    [Fact]
    public async Task TheStartupLink_TradesTheKey_ForAnHttpOnlySameSiteStrictCookie_ThatOpensTheConsole()
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString);
        var key = host.Services.GetRequiredService<ConsoleAccessKey>();
        using var client = NoRedirects(host.Address);

        var traded = await client.GetAsync($"/?key={key.Value}");

        Assert.Equal(HttpStatusCode.Redirect, traded.StatusCode);
        Assert.Equal("/", traded.Headers.Location?.OriginalString);
        var cookie = Assert.Single(traded.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{ConsoleAccessKey.CookieName(host.Address.Port)}={key.Value};", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/api/directory");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        var directory = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, directory.StatusCode);
        Assert.Contains("ava@example.com", await directory.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AWrongKey_GetsNoCookie_AndAnotherStartsKey_OpensNothing()
    {
        await using var first = await RealHost.StartAsync(_db.ConnectionString);
        await using var second = await RealHost.StartAsync(_db.ConnectionString);
        var firstKey = first.Services.GetRequiredService<ConsoleAccessKey>().Value;
        var secondKey = second.Services.GetRequiredService<ConsoleAccessKey>().Value;
        using var client = NoRedirects(second.Address);

        var guessed = await client.GetAsync($"/?key={secondKey[..^1]}{(secondKey[^1] == '0' ? '1' : '0')}");
        var stale = await client.GetAsync($"/?key={firstKey}");

        Assert.NotEqual(firstKey, secondKey);
        Assert.Matches("^[0-9a-f]{64}$", secondKey);
        foreach (var refused in new[] { guessed, stale })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.False(refused.Headers.Contains("Set-Cookie"));
            Assert.Contains("not this start's key", await refused.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("Forwarded", "for=203.0.113.7;proto=https")]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("X-Forwarded-Host", "localhost")]
    [InlineData("X-Forwarded-Proto", "https")]
    [InlineData("x-forwarded-prefix", "/crm")]
    public async Task ARequestThroughAProxy_IsRefused_EvenWithTheKey(string header, string value)
    {
        await using var host = await RealHost.StartAsync(_db.ConnectionString, new Dictionary<string, string?> { ["Console:AllowRemote"] = "true" });
        var key = host.Services.GetRequiredService<ConsoleAccessKey>();
        using var client = ConsoleClient.WithKey(host);

        foreach (var path in new[] { "/", $"/?key={key.Value}", "/console/console.js", "/console/api/directory" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation(header, value);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("proxy", await response.Content.ReadAsStringAsync());
        }
        using var send = new HttpRequestMessage(HttpMethod.Post, "/console/api/send")
        {
            Content = JsonContent.Create(new { user = "root@example.com", platform = "slack", text = "whoami" }),
        };
        send.Headers.TryAddWithoutValidation(header, value);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(send)).StatusCode);
        await using var db = _db.CreateContext();
        Assert.DoesNotContain(db.Audit, a => a.Command == "whoami");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://localhost:5000/")]
    [InlineData("http://localhost:5123", "http://localhost:5123/")]
    [InlineData("http://[::]:8080", "http://localhost:8080/")]
    [InlineData("http://0.0.0.0:5000", "http://localhost:5000/")]
    [InlineData("http://+:5000", "http://localhost:5000/")]
    [InlineData("https://[::1]:5001", "https://localhost:5001/")]
    public void TheLink_NamesLocalhost_WithTheListenPort_AndTheKey(string listen, string expected)
    {
        var key = new ConsoleAccessKey();
        Assert.Equal($"{expected}?key={key.Value}", key.LinkFor(listen));
    }

    [Fact]
    public async Task TheStartedHost_PrintsTheLinkWithTheKey_OnItsRealPort_AndTheLinkOpensTheConsole()
    {
        await using var process = HostProcess.Start("--urls=http://127.0.0.1:0", $"--ConnectionStrings:Crm={_db.ConnectionString}");

        var link = await process.WaitForAsync(@"http://localhost:(\d+)/\?key=([0-9a-f]{64})", TimeSpan.FromSeconds(90));

        Assert.True(link is not null, $"The host printed no console link with a key:\n{process.Output}");
        using var client = NoRedirects(new Uri($"http://localhost:{link.Groups[1].Value}/"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/console/api/directory")).StatusCode);
        var traded = await client.GetAsync($"/?key={link.Groups[2].Value}");
        Assert.Equal(HttpStatusCode.Redirect, traded.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/api/directory");
        request.Headers.Add("Cookie", traded.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        var directory = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, directory.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await directory.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("users").ValueKind);
    }

    [Theory]
    [InlineData("--Slack:SigningSecret=0123456789abcdef0123456789abcdef", "--Slack:BotToken=xoxb-test", "Slack is configured")]
    [InlineData("--Teams:AppId=00000000-0000-4000-8000-000000000001", "--Teams:ClientSecret=secret", "Teams is configured")]
    public async Task TheConsoleForcedOn_BesideAConfiguredPlatform_StopsTheHost_WithOneClearMessage(string first, string second, string said)
    {
        await using var process = HostProcess.Start("--urls=http://127.0.0.1:0", $"--ConnectionStrings:Crm={_db.ConnectionString}",
            "--Console:Enabled=true", first, second);

        var exit = await process.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit is not null, $"The host kept running with the console beside a configured platform:\n{process.Output}");
        Assert.NotEqual(0, exit);
        Assert.Contains($"err: Not starting: Console:Enabled=true, but {said}", process.Output);
        Assert.DoesNotContain("   at ", process.Output);
        Assert.DoesNotContain("Exception", process.Output);
        Assert.DoesNotContain("0123456789abcdef0123456789abcdef", process.Output);
        Assert.DoesNotContain("secret", process.Output.Replace("Slack:SigningSecret", "").Replace("Teams:ClientSecret", ""), StringComparison.OrdinalIgnoreCase);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Crm.Testing;

namespace Crm.Bot.Tests.Telemetry;

/// <summary>The Prometheus scrape endpoint of the real host (Kestrel): its text format, and who may read it.</summary>
public sealed partial class MetricsEndpointTests
{
    // A sample line of the Prometheus text format: name, optional {labels}, value, optional timestamp.
    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eEInfa]+( [0-9]+)?$""")]
    private static partial Regex SampleLine();

    [Fact]
    public async Task Metrics_AreServedInPrometheusTextFormat_OnThisMachine()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var host = await RealHost.StartAsync(database.ConnectionString);
        using var http = new HttpClient { BaseAddress = host.Address };
        (await http.GetAsync("/readyz")).EnsureSuccessStatusCode();

        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var samples = lines.Where(l => !l.StartsWith('#')).ToList();
        Assert.All(samples, l => Assert.Matches(SampleLine(), l));
        Assert.All(lines.Where(l => l.StartsWith('#')), l => Assert.Matches("^# (HELP|TYPE|EOF)", l));
        Assert.Contains(samples, l => l.StartsWith("crm_outbox_depth"));
        Assert.Contains(samples, l => l.StartsWith("http_server_request_duration_seconds_bucket"));
        Assert.Contains(lines, l => l.StartsWith("# HELP crm_outbox_depth "));
    }

    [Fact]
    public async Task Metrics_AreRefusedToOtherMachines_AndThroughAProxy_UnlessAllowed()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var host = await RealHost.StartAsync(database.ConnectionString, listenOn: "0.0.0.0"))
        {
            using var http = new HttpClient();
            var proxied = new HttpRequestMessage(HttpMethod.Get, new Uri(host.Address, "/metrics"));
            proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(proxied)).StatusCode);
            if (OtherAddressOfThisMachine() is { } other)
            {
                var remote = await http.GetAsync(new UriBuilder(host.Address) { Host = other.ToString(), Path = "/metrics" }.Uri);
                Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode);
            }
        }

        await using var open = await RealHost.StartAsync(database.ConnectionString,
            new Dictionary<string, string?> { ["Telemetry:MetricsAllowRemote"] = "true" }, listenOn: "0.0.0.0");
        using var client = new HttpClient();
        var allowed = new HttpRequestMessage(HttpMethod.Get, new Uri(open.Address, "/metrics"));
        allowed.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(allowed)).StatusCode);
    }

    /// <summary>A non-loopback IPv4 address of this machine, when it has one (a container usually does).</summary>
    private static IPAddress? OtherAddressOfThisMachine() =>
        Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}

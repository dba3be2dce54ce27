using System.Collections.Concurrent;
using Crm.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Crm.Bot.Tests.Telemetry;

/// <summary>
/// OTLP export switched on by the standard variables alone: the real host, given
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>, posts its traces,
/// metrics and logs to a collector (here a small HTTP server on loopback that keeps what it received).
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task TheStandardVariables_SendTracesMetricsAndLogs_ToTheCollector()
    {
        var received = new ConcurrentBag<(string Path, string ContentType, long Length)>();
        var collector = WebApplication.CreateSlimBuilder();
        collector.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = collector.Build();
        app.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            received.Add((http.Request.Path, http.Request.ContentType ?? "", body.Length));
            return Results.Ok();
        });
        await app.StartAsync();

        await using var database = await PostgresDatabase.CreateAsync();
        await using (var host = await RealHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = app.Urls.First(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "crm-bot-test",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            ["Logging:LogLevel:Default"] = "Information",
        }))
        {
            using var http = new HttpClient { BaseAddress = host.Address };
            // A request that is traced (probes are not): an unsigned Slack call, refused.
            await http.PostAsync("/slack/events", new StringContent("{}"));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < deadline && !new[] { "/v1/traces", "/v1/metrics", "/v1/logs" }.All(p => received.Any(r => r.Path == p)))
                await Task.Delay(100);
        }

        foreach (var signal in new[] { "/v1/traces", "/v1/metrics", "/v1/logs" })
            Assert.Contains(received, r => r.Path == signal && r.ContentType == "application/x-protobuf" && r.Length > 0);
    }
}

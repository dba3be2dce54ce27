using System.Diagnostics;
using System.Text.Json.Nodes;
using Crm.Bot.Tests.Platforms.Slack;
using Crm.Domain.Demo;
using Crm.Jobs.Telemetry;
using Crm.Testing;
using Crm.Testing.Slack;
using OpenTelemetry.Trace;

namespace Crm.Bot.Tests.Telemetry;

/// <summary>
/// The spans of a Slack mention, exported in memory from the real host: one trace from the edge through
/// the pipeline to the platform call, with attributes that say platform, verb, outcome and clearance but
/// never a person, an address or a secret.
/// </summary>
public sealed class TracingTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private PostgresDatabase _database = null!;
    private FakeSlackServer _slack = null!;
    private SlackHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
        _slack = await FakeSlackServer.StartAsync();
        _host = new SlackHost(_database.ConnectionString, _slack, settings: new Dictionary<string, string?> { ["Telemetry:Tracing"] = "true" },
            services: s => s.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(_spans)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>
    /// Sends a mention that starts a trace of its own (a traceparent header, as a caller's tracing would send),
    /// so its spans are told apart from those of other tests' hosts in this process; returns the trace id.
    /// </summary>
    private async Task<ActivityTraceId> MentionAsync(string user, string text)
    {
        using var client = _host.CreateClient();
        var e = new JsonObject { ["type"] = "app_mention", ["user"] = user, ["channel"] = "C0SALES", ["text"] = $"<@U0BOT> {text}", ["ts"] = $"1700000100.{Random.Shared.Next(100000, 999999)}" };
        using var request = SlackRequests.Event(SlackRequests.EventBody(SlackRequests.NewEventId(), e));
        var trace = ActivityTraceId.CreateRandom();
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await _host.IdleAsync();
        return trace;
    }

    private List<Activity> Spans(params ActivityTraceId[] traces)
    {
        lock (_spans) return _spans.Where(s => traces.Contains(s.TraceId)).ToList();
    }

    [Fact]
    public async Task AMention_IsOneTrace_FromTheEdgeThroughThePipelineToThePostIntoSlack()
    {
        var trace = await MentionAsync("U0AVA", "show acme");

        var spans = Spans(trace);
        var edge = Assert.Single(spans, s => s.Kind == ActivityKind.Server && (s.GetTagItem("http.route") as string) == "/slack/events");
        var command = Assert.Single(spans, s => s.OperationName == "crm.command");
        var post = Assert.Single(spans, s => s.Kind == ActivityKind.Client && (s.GetTagItem("url.full") as string ?? "").Contains("chat.postMessage"));
        var send = Assert.Single(spans, s => s.OperationName == "crm.answer.send");
        Assert.All(new[] { command, send, post }, s => Assert.Equal(edge.TraceId, s.TraceId));
        // The pipeline runs inside the request; the post inside the send, which continues the request's trace.
        Assert.True(IsWithin(command, edge, spans), "the command span hangs under the edge's span");
        Assert.True(IsWithin(post, send, spans), "the post hangs under the send");
        Assert.Equal(("slack", "show", "ok"), (command.GetTagItem(CrmTracing.Tags.Platform), command.GetTagItem(CrmTracing.Tags.Verb), command.GetTagItem(CrmTracing.Tags.Outcome)));
        Assert.Equal("SalesRep", command.GetTagItem(CrmTracing.Tags.Role));
        Assert.Contains("basic", (string)command.GetTagItem(CrmTracing.Tags.Clearance)!);
        Assert.Equal("sent", send.GetTagItem(CrmTracing.Tags.Outcome));
    }

    [Fact]
    public async Task AFileDownload_IsTraced_ByItsRoute_NeverByItsSignedId()
    {
        var id = Guid.NewGuid();
        await using (var db = _database.CreateContext())
        {
            db.Files.Add(new Crm.Domain.Files.StoredFile
            {
                Id = id, Name = "pipeline-chart.png", MediaType = "image/png", Content = [1, 2, 3], Audience = "#sales",
                CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddDays(1),
            });
            await db.SaveChangesAsync();
        }
        var path = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Crm.Bot.Files.FileLinks>(_host.Services).Path(id);
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var trace = ActivityTraceId.CreateRandom();
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        (await client.SendAsync(request)).EnsureSuccessStatusCode();

        var signed = path["/files/".Length..];
        Activity? edge = null;
        for (var until = DateTime.UtcNow.AddSeconds(10); edge is null && DateTime.UtcNow < until; await Task.Delay(20))
            edge = Spans(trace).SingleOrDefault(s => s.Kind == ActivityKind.Server);
        Assert.NotNull(edge);
        Assert.Equal("/files/{signed}", edge.GetTagItem("http.route"));
        Assert.Equal("/files/{signed}", edge.GetTagItem("url.path"));
        Assert.DoesNotContain(Spans(trace).SelectMany(s => s.TagObjects), t => $"{t.Value}".Contains(signed, StringComparison.Ordinal));
        Assert.DoesNotContain(signed, edge.DisplayName);
    }

    [Fact]
    public async Task NoSpanAttribute_CarriesAnEmailAddress_TheBotToken_TheSigningSecret_OrWhatWasTyped()
    {
        var note = await MentionAsync("U0AVA", "note acme Called jane.roe@acme.example about the renewal");
        var denied = await MentionAsync("U0MIA", "deal D-1001 stage won");

        var spans = Spans(note, denied);
        Assert.NotEmpty(spans);
        var values = spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}")).ToList();
        var leaks = values.Where(v =>
            System.Text.RegularExpressions.Regex.IsMatch(v, @"[\w.+-]+@[\w-]+\.[\w.]+") || v.Contains(SlackHost.BotToken) || v.Contains(SlackHost.Secret) || v.Contains("Bearer", StringComparison.OrdinalIgnoreCase) ||
            v.Contains("renewal", StringComparison.OrdinalIgnoreCase) || v.Contains("D-1001") ||
            // Who asked (Slack's user id, sent to users.info in a query string) is redacted too.
            v.Contains("U0AVA") || v.Contains("U0MIA")).ToList();
        Assert.True(leaks.Count == 0, "attributes that tell too much: " + string.Join(" | ", leaks));
        Assert.Contains(spans, s => s.OperationName == "crm.command" && (s.GetTagItem(CrmTracing.Tags.Outcome) as string) == "denied");
    }

    private static bool IsWithin(Activity child, Activity ancestor, IReadOnlyList<Activity> spans)
    {
        for (var current = child; current is not null; current = spans.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
            if (current.SpanId == ancestor.SpanId) return true;
        return false;
    }
}

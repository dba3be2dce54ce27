using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Files;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Testing;
using Crm.Testing.Slack;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>
/// Reports with files through Slack on the real host: the chart as an image block whose URL this host serves,
/// an export uploaded into the asker's DM through files.getUploadURLExternal + completeUploadExternal.
/// </summary>
public sealed class SlackReportFilesTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private FakeSlackServer _slack = null!;
    private SlackHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
        _slack = await FakeSlackServer.StartAsync();
        _host = new SlackHost(_database.ConnectionString, _slack, settings: new Dictionary<string, string?>
        {
            ["Host:PublicBaseUrl"] = "https://crm.example.com",
            ["Files:SigningKey"] = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray()),
        });
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>Every Block Kit block Slack was given for the command: in the HTTP response and through the response_url.</summary>
    private async Task<List<JsonObject>> BlocksOfAsync(string command)
    {
        var response = await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(_slack.ResponseUrl("cmd"), command)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        await _host.IdleAsync();
        var bodies = _slack.CallsTo("response_url").Select(c => c.Body).ToList();
        if (text.TrimStart().StartsWith('{')) bodies.Add(JsonNode.Parse(text)!.AsObject());
        return bodies.SelectMany(b => b["blocks"]?.AsArray() ?? []).Select(b => b!.AsObject()).ToList();
    }

    [Fact]
    public async Task AReport_ShowsItsChart_AsAnImageBlock_WhoseUrlThisHostServesAsThePng()
    {
        var blocks = await BlocksOfAsync("report pipeline");

        var image = Assert.Single(blocks, b => (string?)b["type"] == "image");
        Assert.Equal("Deal amounts by stage. negotiate: 48,000 USD.", (string?)image["alt_text"]);
        var url = new Uri((string)image["image_url"]!);
        Assert.Equal("https://crm.example.com", url.GetLeftPart(UriPartial.Authority));
        Assert.StartsWith("/files/", url.AbsolutePath);

        using var served = await _client.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        var png = await served.Content.ReadAsByteArrayAsync();
        Assert.Equal((800, 400), PngHeader.Size(png));
        await using var db = _database.CreateContext();
        var stored = Assert.Single(await db.Files.AsNoTracking().ToListAsync());
        Assert.Equal(png, stored.Content);
        Assert.Equal(("image/png", "ava@example.com", "pipeline-chart.png"), (stored.MediaType, stored.Audience, stored.Name));
    }

    [Fact]
    public async Task AnExport_IsUploadedIntoTheAskersDm_AndAudited()
    {
        var response = await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(_slack.ResponseUrl("cmd"), "report pipeline csv")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _host.IdleAsync();
        await _slack.WaitForAsync("files.completeUploadExternal");

        // The message goes to the asker's DM (never ephemeral in #sales, where a file cannot go), then the file into the same DM.
        var posted = Assert.Single(_slack.CallsTo("chat.postMessage"));
        Assert.Equal("U0AVA", posted.Str("channel"));
        Assert.Empty(_slack.CallsTo("chat.postEphemeral"));
        var announce = Assert.Single(_slack.CallsTo("files.getUploadURLExternal"));
        Assert.Equal("application/x-www-form-urlencoded", announce.ContentType?.Split(';')[0]);
        Assert.Matches(@"^pipeline-report-\d{4}-\d{2}-\d{2}-\d{4}\.csv$", announce.Str("filename"));
        var file = Assert.Single(_slack.Files.Values);
        Assert.Equal("D0AVA", file.Channel);
        Assert.Equal(announce.Str("filename"), file.Name);
        Assert.Equal(int.Parse(announce.Str("length")!), file.Content!.Length);
        var csv = Encoding.UTF8.GetString(file.Content);
        Assert.Contains("Open deals by stage", csv);
        Assert.Contains("negotiate,1,\"48,000 USD\"", csv);

        await using var db = _database.CreateContext();
        var stored = await db.Files.AsNoTracking().SingleAsync(f => f.MediaType == "text/csv");
        Assert.Equal(stored.Content, file.Content);
        var audit = await db.Audit.AsNoTracking().SingleAsync(a => a.Action == AuditAction.Export);
        Assert.Equal("ava@example.com", audit.Actor);
        Assert.Contains(file.Name, audit.Detail);
    }

    [Fact]
    public async Task AnExportRowStoredEarlier_IsSentByTheDispatcher_WithItsFileReadFromTheDatabase()
    {
        // As after a host stopped before sending: only the row and the file's bytes are left, in the database.
        var file = ReplyFile.Create("late.csv", "text/csv", "Stage,Deals\nnegotiate,1\n"u8.ToArray(), ReplyFileKind.Export) with { Audience = "ava@example.com" };
        var reply = new Reply { FallbackText = "late export", Blocks = [new TextBlock("late export"), new FileBlock(file.Id, file.Name)], Files = [file] };
        var now = DateTimeOffset.UtcNow;
        await using (var db = _database.CreateContext())
        {
            db.Outbox.Add(new OutboxMessage
            {
                IdempotencyKey = "test:late-export", Platform = Platform.Slack, Workspace = "T0DEMO", TargetKind = OutboxTargetKind.User, Recipient = "U0AVA",
                ReplyJson = reply.ToJson(), Purpose = "answer", Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
            });
            ReplyFiles.Add(db, reply, now);
            await db.SaveChangesAsync();
        }

        await _slack.WaitForAsync("files.completeUploadExternal", timeout: TimeSpan.FromSeconds(60));
        var uploaded = Assert.Single(_slack.Files.Values);
        Assert.Equal(("late.csv", "D0AVA"), (uploaded.Name, uploaded.Channel));
        Assert.Equal(file.Content, uploaded.Content);
        // The dispatcher records the outcome right after the last call.
        var status = OutboxStatus.Pending;
        for (var until = DateTime.UtcNow.AddSeconds(15); status != OutboxStatus.Sent && DateTime.UtcNow < until; await Task.Delay(50))
        {
            await using var check = _database.CreateContext();
            status = (await check.Outbox.AsNoTracking().SingleAsync(o => o.IdempotencyKey == "test:late-export")).Status;
        }
        Assert.Equal(OutboxStatus.Sent, status);
        Assert.Single(_slack.CallsTo("files.completeUploadExternal"));
    }
}

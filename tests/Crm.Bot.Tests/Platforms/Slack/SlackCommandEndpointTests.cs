using System.Net;
using System.Text.Json.Nodes;
using Crm.Domain.Replies;
using Crm.Testing.Slack;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Platforms.Slack;

[Collection(SlackEndpointCollection.Name)]
public sealed class SlackCommandEndpointTests(SlackEndpointFixture fixture) : IDisposable
{
    private readonly HttpClient _client = fixture.Client;
    private string Hook => fixture.Slack.ResponseUrl("cmd");

    public void Dispose() => fixture.Reset();

    [Fact]
    public async Task SignedCommand_IsAnsweredInline_AsTheAskersPrivateAnswer()
    {
        var response = await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(Hook, "show acme")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", (string)body["response_type"]!);
        Assert.Equal("ran: show acme", (string)body["text"]!);
        var request = Assert.Single(fixture.Pipeline.Requests);
        Assert.Equal(("T0DEMO", "C0SALES", "U0AVA", ReplyVisibility.Private, "sales"), (request.Workspace, request.ChannelId, request.UserId, request.Visibility, request.ChannelName));
    }

    [Fact]
    public async Task ChannelReply_IsPostedInChannel()
    {
        fixture.Pipeline.Answer = r => Reply.Text("shared") with { Visibility = ReplyVisibility.Channel };
        var response = await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(Hook, "share acme")));
        Assert.Equal("in_channel", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["response_type"]!);
    }

    [Fact]
    public async Task EmptyText_RunsHelp()
    {
        await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(Hook, "")));
        Assert.Equal("help", Assert.Single(fixture.Pipeline.Requests).Text);
    }

    [Fact]
    public async Task CommandInTheBotsDm_HasNoChannel()
    {
        await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(Hook, "whoami", channel: "D0AVA", channelName: "directmessage")));
        Assert.Null(Assert.Single(fixture.Pipeline.Requests).ChannelId);
    }

    [Fact]
    public async Task ReplayedCommand_RunsOnce_AndTheReplayGetsNothing()
    {
        var body = SlackRequests.CommandBody(Hook, "deal D-1001 stage won");

        var first = await _client.SendAsync(SlackRequests.Command(body));
        var replay = await _client.SendAsync(SlackRequests.Command(body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("", await replay.Content.ReadAsStringAsync());
        Assert.Single(fixture.Pipeline.Requests);
    }

    [Fact]
    public async Task ReplayedCommand_ToAnotherHost_OnTheSameDatabase_RunsOnce()
    {
        var otherPipeline = new RecordingPipeline();
        await using var otherHost = fixture.NewHost(pipeline: otherPipeline);
        using var other = otherHost.CreateClient();
        var body = SlackRequests.CommandBody(Hook, "note acme Call went well");

        await Task.WhenAll(_client.SendAsync(SlackRequests.Command(body)), other.SendAsync(SlackRequests.Command(body)));

        Assert.Equal(1, fixture.Pipeline.Requests.Count + otherPipeline.Requests.Count);
    }

    [Fact]
    public async Task SlowWork_IsAckedWithinTheBudget_AndTheAnswerFollowsThroughResponseUrl()
    {
        fixture.Pipeline.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var response = await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(Hook, "report pipeline")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Working on it", await response.Content.ReadAsStringAsync());
        Assert.False(fixture.Pipeline.Gate.Task.IsCompleted, "the ack came while the work was still running");
        Assert.Empty(fixture.Slack.CallsTo("response_url"));

        fixture.Pipeline.Gate.SetResult();
        var late = Assert.Single(await fixture.Slack.WaitForAsync("response_url"));
        Assert.Equal("ran: report pipeline", late.Str("text"));
        Assert.Equal("ephemeral", late.Str("response_type"));
    }

    [Fact]
    public async Task LongAnswer_FirstPartInline_RestThroughResponseUrl()
    {
        var rows = Enumerable.Range(1, 300).Select(i => (IReadOnlyList<string>)[$"T-{i}", new string('x', 250)]).ToList();
        fixture.Pipeline.Answer = _ => new Reply { FallbackText = "Tickets", Blocks = [new TableBlock(null, ["Ticket", "Subject"], rows)] };

        var trigger = SlackRequests.NewTrigger();

        var response = await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(Hook, "report tickets", trigger: trigger)));

        Assert.Contains("T-1 ·", await response.Content.ReadAsStringAsync());
        await fixture.Host.IdleAsync();
        Assert.Contains(fixture.Slack.CallsTo("response_url"), c => c.Body.ToJsonString().Contains("T-300 "));
        Assert.DoesNotContain(fixture.Slack.CallsTo("response_url"), c => c.Body.ToJsonString().Contains("T-1 ·"));
        // The rest was stored by the pipeline's save as a row of its own (the whole answer is not: its first part went inline), and sent once.
        await using var db = fixture.Database.CreateContext();
        var stored = await db.Outbox.AsNoTracking().Where(o => o.IdempotencyKey.EndsWith($":T0DEMO:{trigger}")).ToListAsync();
        var rest = Assert.Single(stored);
        Assert.Equal(($"slack:answer-rest:T0DEMO:{trigger}", Domain.Outbox.OutboxStatus.Sent, 1), (rest.IdempotencyKey, rest.Status, rest.Attempts));
    }

    [Fact]
    public async Task SslCheck_IsAnsweredWithoutSignature_AndDoesNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
        {
            Content = new StringContent("ssl_check=1&token=x", System.Text.Encoding.UTF8, SlackRequests.Form),
        };
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(fixture.Pipeline.Requests);
    }

    [Fact]
    public async Task NoteWithoutText_OpensTheNoteModal_WithTheCustomerFilledIn()
    {
        var response = await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(Hook, "note acme")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var open = Assert.Single(fixture.Slack.CallsTo("views.open"));
        var view = open.Body["view"]!;
        Assert.Equal("modal", (string)view["type"]!);
        Assert.Equal("acme", (string)view["blocks"]![0]!["element"]!["initial_value"]!);
        Assert.Empty(fixture.Pipeline.Requests);
    }

    [Fact]
    public async Task ModalThatCannotOpen_TellsTheUserToTypeTheCommand()
    {
        fixture.Slack.Script("views.open", FakeSlackAnswer.Error("expired_trigger_id"));
        var response = await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(Hook, "handoff")));
        Assert.Contains("/crm handoff acme to support", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RefusedRequests_LeaveNoTraceInTheDatabase()
    {
        var trigger = SlackRequests.NewTrigger();
        await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(Hook, "show acme", trigger: trigger), secret: "wrong"));

        await using var db = fixture.Database.CreateContext();
        Assert.False(await db.ProcessedRequests.AnyAsync(p => p.Key.Contains(trigger)));
        Assert.Empty(fixture.Pipeline.Requests);
    }
}

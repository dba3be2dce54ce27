using System.Net;
using System.Text.Json.Nodes;
using Crm.Domain.Demo;
using Crm.Domain.Outbox;
using Crm.Testing;
using Crm.Testing.Slack;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>
/// Slack never sends an acknowledged event again, so the events endpoint answers 200 only once the
/// event's answer is stored: with the database unavailable it answers 503 and stores nothing, and
/// Slack's retry is then answered once. Real pipeline, real PostgreSQL made unavailable for a while.
/// </summary>
public sealed class SlackEventStorageTests : IAsyncLifetime
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
        _host = new SlackHost(_database.ConnectionString, _slack);
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await AllowConnectionsAsync(true);
        _client.Dispose();
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static JsonObject Mention(string text) => new()
    {
        ["type"] = "app_mention", ["user"] = "U0AVA", ["channel"] = "C0SALES", ["text"] = text, ["ts"] = "1700000000.000300",
    };

    private Task<HttpResponseMessage> SendAsync(string eventId, JsonObject e, int? retryNum = null)
    {
        var request = SlackRequests.Event(SlackRequests.EventBody(eventId, e));
        if (retryNum is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString());
            request.Headers.Add("X-Slack-Retry-Reason", "http_error");
        }
        return _client.SendAsync(request);
    }

    /// <summary>Turns the test database away (as a stopped or failed-over server would) or lets it in again.</summary>
    private async Task AllowConnectionsAsync(bool allowed)
    {
        await using var server = new NpgsqlConnection(_database.ServerConnectionString);
        await server.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{_database.Name}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", server))
            await alter.ExecuteNonQueryAsync();
        if (!allowed)
        {
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", server)
            {
                Parameters = { new NpgsqlParameter { Value = _database.Name } },
            };
            await kill.ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();
    }

    private async Task<List<OutboxMessage>> AnswersAsync(string eventId)
    {
        await using var db = _database.CreateContext();
        return await db.Outbox.AsNoTracking().Where(o => o.IdempotencyKey == $"slack:answer:T0DEMO:{eventId}").ToListAsync();
    }

    [Fact]
    public async Task MentionWhileTheDatabaseIsUnavailable_Gets503AndStoresNothing_AndSlacksRetryIsAnsweredOnce()
    {
        var id = SlackRequests.NewEventId();
        await AllowConnectionsAsync(false);
        var refused = await SendAsync(id, Mention("<@U0BOT> show acme"));
        await _host.IdleAsync();
        await AllowConnectionsAsync(true);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Empty(await AnswersAsync(id));
        await using (var db = _database.CreateContext())
            Assert.False(await db.ProcessedRequests.AnyAsync(p => p.Key == $"slack:event:{id}"));
        Assert.Empty(_slack.CallsTo("chat.postMessage"));

        var retried = await SendAsync(id, Mention("<@U0BOT> show acme"), retryNum: 1);
        await _host.IdleAsync();
        var again = await SendAsync(id, Mention("<@U0BOT> show acme"), retryNum: 2);
        await _host.IdleAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (retried.StatusCode, again.StatusCode));
        var answer = Assert.Single(await AnswersAsync(id));
        Assert.Equal(OutboxStatus.Sent, answer.Status);
        var post = Assert.Single(_slack.CallsTo("chat.postMessage"));
        Assert.Contains("Acme", post.Body.ToJsonString());
    }

    [Fact]
    public async Task AnAcknowledgedMention_HasItsAnswerStoredBeforeThe200()
    {
        // Slack is slow to say who is asking: work done after an early 200 could not have stored anything yet.
        _slack.UsersInfoDelay = TimeSpan.FromMilliseconds(500);
        var id = SlackRequests.NewEventId();

        var response = await SendAsync(id, Mention("<@U0BOT> show acme"));
        var storedAtThe200 = await AnswersAsync(id);
        await _host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(storedAtThe200);
        Assert.Equal((OutboxTargetKind.Channel, "C0SALES"), (answer.TargetKind, answer.Recipient));
        Assert.Contains("Acme", answer.ReplyJson);
    }
}

using Crm.Bot.Platforms.Teams;
using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Identity;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>Proactive delivery of outbox messages (follow notices, handoffs, digests) into Teams.</summary>
public sealed class TeamsMessageTransportTests : IAsyncLifetime
{
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await TeamsTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IMessageTransport Transport => _host.Services.GetServices<IMessageTransport>().Single(t => t.Platform == Platform.Teams);

    private static readonly Reply Notice = new()
    {
        FallbackText = "Acme Corporation: deal D-1001 moved to negotiate",
        Blocks = [new HeadingBlock("Acme Corporation"), new TextBlock("Deal D-1001 moved to negotiate.")],
    };

    private async Task<ChatChannel> ChannelAsync(string name, bool installed, string? boundBy = null)
    {
        await using var db = _host.Database.CreateContext();
        var demo = DemoDirectory.Channels.Single(c => c.Name == name);
        var reference = new TeamsConversationReference(_host.Connector.BaseUrl, demo.ExternalId, TeamsTestHost.Tenant, $"28:{TeamsTestHost.AppId}", "channel", TeamsActivityFactory.TeamId, demo.ExternalId);
        var channel = new ChatChannel
        {
            Platform = Platform.Teams, Workspace = TeamsTestHost.Tenant, ExternalId = demo.ExternalId, Name = name, Department = demo.Department,
            BoundBy = boundBy, ConversationReference = installed ? reference.ToJson() : null,
        };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel;
    }

    private static OutboxMessage ToChannel(ChatChannel channel, string key = "follow:1") => new()
    {
        Id = 1, IdempotencyKey = key, Platform = Platform.Teams, Workspace = channel.Workspace, TargetKind = OutboxTargetKind.Channel,
        ChannelId = channel.Id, Recipient = channel.ExternalId, Purpose = "follow", ReplyJson = Notice.ToJson(),
    };

    [Fact]
    public async Task ChannelWithAStoredReference_GetsANewPostAsACard()
    {
        var channel = await ChannelAsync("Support", installed: true);

        var result = await Transport.SendAsync(ToChannel(channel), Notice, null, default);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var call = Assert.Single(_host.Connector.Calls);
        Assert.Equal(("POST", channel.ExternalId, (string?)null), (call.Method, call.ConversationId, call.ActivityId));
        Assert.Equal("1000000000001", result.ExternalMessageId);
        Assert.Contains("moved to negotiate", call.Body!.ToJsonString());
    }

    [Fact]
    public async Task Replacement_UpdatesTheEarlierCard()
    {
        var channel = await ChannelAsync("Support", installed: true);
        var earlier = ToChannel(channel, "handoff:1");
        earlier.ExternalMessageId = "1777";

        var result = await Transport.SendAsync(ToChannel(channel, "handoff:1:accepted"), Notice, earlier, default);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var call = Assert.Single(_host.Connector.Calls);
        Assert.Equal(("PUT", "1777"), (call.Method, call.ActivityId));
    }

    [Fact]
    public async Task ChannelWhereTheBotWasNeverInstalled_FailsPermanently_AndTheAdminWhoBoundItIsTold()
    {
        await using (var db = _host.Database.CreateContext())
        {
            db.UserLinks.Add(new ChatUserLink { Platform = Platform.Slack, Workspace = DemoDirectory.SlackWorkspace, ExternalUserId = "U0ROOT", Email = "root@example.com", LastSeenAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var channel = await ChannelAsync("Finance", installed: false, boundBy: "root@example.com");

        var result = await Transport.SendAsync(ToChannel(channel), Notice, null, default);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("never installed", result.Error);
        Assert.Contains("Finance", result.Error);
        Assert.Empty(_host.Connector.Calls);
        await using var check = _host.Database.CreateContext();
        Assert.Contains("never installed", (await check.Channels.SingleAsync(c => c.Id == channel.Id)).UnreachableReason);
        var notice = await check.Outbox.SingleAsync(o => o.Purpose == "delivery-problem");
        Assert.Equal((Platform.Slack, "U0ROOT", OutboxTargetKind.User), (notice.Platform, notice.Recipient, notice.TargetKind));
        Assert.Contains("never installed", notice.ReplyJson);
    }

    [Theory]
    [InlineData(403, true)]
    [InlineData(404, false)]
    public async Task UninstalledOrDeletedConversation_IsMarkedUnreachable_AndNotRetried(int status, bool blocked)
    {
        var channel = await ChannelAsync("Support", installed: true, boundBy: "root@example.com");
        _host.Connector.AnswerAlways(channel.ExternalId, status, blocked ? FakeTeamsConnector.MessageWritesBlocked : """{"error":{"code":"ConversationNotFound","message":"Conversation not found."}}""");

        var first = await Transport.SendAsync(ToChannel(channel), Notice, null, default);
        var second = await Transport.SendAsync(ToChannel(channel, "follow:2"), Notice, null, default);

        Assert.Equal(DeliveryOutcome.Permanent, first.Outcome);
        Assert.Equal(DeliveryOutcome.Permanent, second.Outcome);
        Assert.Single(_host.Connector.Calls);
        await using var db = _host.Database.CreateContext();
        var stored = await db.Channels.SingleAsync(c => c.Id == channel.Id);
        Assert.NotNull(stored.UnreachableSince);
        Assert.Contains(blocked ? "MessageWritesBlocked" : "ConversationNotFound", stored.UnreachableReason);
    }

    [Fact]
    public async Task SplitMessageThrottledPartWay_ReportsItsProgress_AndTheRetrySendsOnlyTheRest()
    {
        var channel = await ChannelAsync("Support", installed: true);
        var rows = Enumerable.Range(1, 300).Select(i => (IReadOnlyList<string>)[$"T-{i}", new string('x', 400)]).ToList();
        var report = new Reply { FallbackText = "Tickets", Blocks = [new TableBlock(null, ["Ticket", "Subject"], rows)] };
        var message = ToChannel(channel);
        message.ReplyJson = report.ToJson();
        _host.Connector.AnswerNext(200);
        _host.Connector.AnswerNext(429, retryAfterSeconds: 90); // longer than the client waits itself

        var first = await Transport.SendAsync(message, report, null, default);
        Assert.Equal((DeliveryOutcome.Transient, 1, TimeSpan.FromSeconds(90)), (first.Outcome, first.PartsSent, first.RetryAfter));
        Assert.NotNull(first.ExternalMessageId);

        (message.PartsSent, message.ExternalMessageId) = (first.PartsSent!.Value, first.ExternalMessageId);
        var before = _host.Connector.Calls.Count;
        var retry = await Transport.SendAsync(message, report, null, default);

        Assert.Equal(DeliveryOutcome.Sent, retry.Outcome);
        Assert.Equal(first.ExternalMessageId, retry.ExternalMessageId);
        var resent = _host.Connector.Calls.Skip(before).Select(c => c.Body!.ToJsonString()).ToList();
        Assert.NotEmpty(resent);
        Assert.DoesNotContain(resent, b => b.Contains("\"T-1\""));
        Assert.Contains(resent, b => b.Contains("T-300"));
    }

    [Fact]
    public async Task LongThrottling_IsTransient_WithTheServersRetryAfter()
    {
        var channel = await ChannelAsync("Support", installed: true);
        _host.Connector.AnswerNext(429, retryAfterSeconds: 90);

        var result = await Transport.SendAsync(ToChannel(channel), Notice, null, default);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(90), result.RetryAfter);
    }

    [Fact]
    public async Task PersonWhoOnlyWroteInAChannel_GetsANewPersonalChat_WhichIsRemembered()
    {
        var fiona = DemoDirectory.FindByEmail("fiona@example.com")!;
        // What the bot remembers of someone it has only seen in a channel: how to open a chat, not a chat.
        var seenInChannel = new TeamsConversationReference(_host.Connector.BaseUrl, null, TeamsTestHost.Tenant, $"28:{TeamsTestHost.AppId}", "personal",
            UserId: TeamsActivityFactory.TeamsUserId(fiona), UserAadObjectId: fiona.TeamsObjectId);
        await using (var db = _host.Database.CreateContext())
        {
            db.UserLinks.Add(new ChatUserLink
            {
                Platform = Platform.Teams, Workspace = TeamsTestHost.Tenant, ExternalUserId = fiona.TeamsObjectId, Email = fiona.Email,
                ConversationReference = seenInChannel.ToJson(), LastSeenAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var message = new OutboxMessage
        {
            IdempotencyKey = "reminder:1", Platform = Platform.Teams, Workspace = TeamsTestHost.Tenant, TargetKind = OutboxTargetKind.User,
            Recipient = fiona.TeamsObjectId, Purpose = "reminder", ReplyJson = Notice.ToJson(),
        };

        var first = await Transport.SendAsync(message, Notice, null, default);
        var second = await Transport.SendAsync(message, Notice, null, default);

        Assert.Equal(DeliveryOutcome.Sent, first.Outcome);
        Assert.Equal(DeliveryOutcome.Sent, second.Outcome);
        var calls = _host.Connector.Calls;
        Assert.Equal(3, calls.Count);
        Assert.Equal("/v3/conversations", calls[0].Path);
        Assert.All(calls.Skip(1), c => Assert.StartsWith("a:new-personal-", c.ConversationId));
        Assert.Equal(calls[1].ConversationId, calls[2].ConversationId);
        Assert.Equal(TeamsActivityFactory.TeamsUserId(fiona), calls[0].Body!["members"]![0]!["id"]!.ToString());
    }

    [Fact]
    public async Task PersonWhoNeverTalkedToTheBot_FailsPermanently_WithAClearReason()
    {
        var message = new OutboxMessage
        {
            IdempotencyKey = "reminder:2", Platform = Platform.Teams, Workspace = TeamsTestHost.Tenant, TargetKind = OutboxTargetKind.User,
            Recipient = "00000000-0000-4000-8000-0000000000a6", Purpose = "reminder", ReplyJson = Notice.ToJson(),
        };

        var result = await Transport.SendAsync(message, Notice, null, default);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("never talked to the bot", result.Error);
        Assert.Empty(_host.Connector.Calls);
    }
}

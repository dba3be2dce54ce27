using Crm.Domain.Audit;
using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Testing;
using Crm.Testing.FakePlatform;
using Microsoft.EntityFrameworkCore;
using static Crm.Jobs.Tests.Outbox.OutboxTestData;

namespace Crm.Jobs.Tests.Outbox;

/// <summary>
/// A message rendered for a channel's clearance is checked again when it leaves: a channel re-bound
/// (or unbound) in between must not receive the fields its new clearance does not allow, not even
/// through an admin's `outbox retry`.
/// </summary>
public sealed class OutboxClearanceTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> DispatcherOnly = new() { ["Host:Role"] = "chat" };

    private PostgresDatabase _database = null!;
    private FakePlatformServer _platform = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _platform = await FakePlatformServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>A card rendered for a Finance channel: it shows the overdue invoices.</summary>
    private static Reply FinanceCard() => new()
    {
        Visibility = ReplyVisibility.Channel,
        FallbackText = "Acme: INV-1001 overdue 12,400.00 USD",
        Blocks = [new TextBlock("INV-1001 overdue 12,400.00 USD")],
        Redaction = new Redaction("#finance", ["basic", "financial summary", "financial"], ["contact", "commercial"], "posted into #finance"),
    };

    private async Task<(long ChannelId, long MessageId)> StoreCardAsync(string key, Department? boundNow, OutboxStatus status = OutboxStatus.Pending)
    {
        await using var db = _database.CreateContext();
        var channel = new ChatChannel { Platform = Platform.Slack, Workspace = "T0DEMO", ExternalId = "C-FIN", Name = "finance", Department = boundNow };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        var message = Message(key, "C-FIN", DateTimeOffset.UtcNow);
        message.ChannelId = channel.Id;
        message.ReplyJson = FinanceCard().ToJson();
        message.Status = status;
        if (status == OutboxStatus.Failed) message.LastError = "channel_not_found";
        await StoreAsync(db, message);
        return (channel.Id, message.Id);
    }

    /// <summary>Runs a dispatcher-only jobs host until the message is sent or withheld; its row then.</summary>
    private async Task<OutboxMessage> DispatchUntilSettledAsync(long id)
    {
        using var host = JobsTestHost.Build(_database, _platform, DispatcherOnly);
        await host.StartAsync();
        var row = await SettledAsync(id);
        await host.StopAsync();
        return row;
    }

    private async Task<OutboxMessage> SettledAsync(long id)
    {
        await JobsTestHost.WaitUntilAsync(async () =>
        {
            await using var db = _database.CreateContext();
            return await db.Outbox.AnyAsync(o => o.Id == id && o.Status != OutboxStatus.Pending);
        }, TimeSpan.FromSeconds(30), $"outbox message {id} was sent or withheld");
        await using var check = _database.CreateContext();
        return await check.Outbox.AsNoTracking().SingleAsync(o => o.Id == id);
    }

    /// <summary>The gate's fast path: a message showing only basic fields is sent without reading the channel, because no binding forbids basic.</summary>
    [Fact]
    public void WhatEveryChannelReads_IsBasic_SoOnlyMessagesShowingMoreAreCheckedAgainstTheirChannel()
    {
        Assert.Equal(Domain.Access.FieldClass.Basic, OutboxClearanceGate.EveryChannelReads);
        foreach (var department in Enum.GetValues<Department>())
            Assert.True(Domain.Access.Audience.ChannelClearance(department).HasFlag(Domain.Access.FieldClass.Basic), $"{department} cannot read basic");
    }

    [Fact]
    public async Task ChannelUnboundAfterRendering_FinancialCardIsWithheld_AndAudited()
    {
        var (_, id) = await StoreCardAsync("fin-card", boundNow: null);

        var row = await DispatchUntilSettledAsync(id);

        Assert.Empty(_platform.Posts);
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Contains("financial", row.LastError);
        await using var db = _database.CreateContext();
        var audit = Assert.Single(await db.Audit.Where(a => a.Action == AuditAction.Delivery).ToListAsync());
        Assert.Equal(AuditOutcome.Denied, audit.Outcome);
        Assert.Equal("fin-card", audit.RecordRef);
        Assert.Contains("no department", audit.Detail);
    }

    [Fact]
    public async Task ChannelReboundToSales_FinancialCardIsWithheld()
    {
        var (_, id) = await StoreCardAsync("fin-card-sales", Department.Sales);

        var row = await DispatchUntilSettledAsync(id);

        Assert.Empty(_platform.Posts);
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Contains("bound to Sales", row.LastError);
    }

    [Fact]
    public async Task ChannelStillFinance_CardIsSent()
    {
        var (_, id) = await StoreCardAsync("fin-card-ok", Department.Finance);

        var row = await DispatchUntilSettledAsync(id);

        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal("fin-card-ok", Assert.Single(_platform.Posts).IdempotencyKey);
    }

    [Fact]
    public async Task OutboxRetry_OfACardTheChannelMayNoLongerShow_IsWithheldAgain()
    {
        var (_, id) = await StoreCardAsync("fin-card-retry", Department.Marketing, OutboxStatus.Failed);
        await using (var db = _database.CreateContext())
        {
            var retried = await new OutboxAdmin(db, TimeProvider.System).RetryAsync(id, "root@example.com", Platform.Cli, CancellationToken.None);
            Assert.True(retried.Queued, retried.Message);
        }

        var row = await DispatchUntilSettledAsync(id);

        Assert.Empty(_platform.Posts);
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.StartsWith("Withheld", row.LastError);
    }

    [Fact]
    public async Task FailedReplyAddressAnswer_IsAuditedWithoutTheAddress()
    {
        const string address = "https://hooks.slack.com/commands/T0DEMO/1234/XyZsecretToken9";
        await using (var db = _database.CreateContext())
        {
            var message = Message("answer-to-nowhere", $"U0AVA {address}", DateTimeOffset.UtcNow);
            // No transport serves this platform, so the dispatcher fails it for good, with an audit record.
            (message.Platform, message.TargetKind) = (Platform.Cli, OutboxTargetKind.ReplyUrl);
            await StoreAsync(db, message);
        }

        using var host = JobsTestHost.Build(_database, _platform, DispatcherOnly);
        await host.StartAsync();
        await JobsTestHost.WaitUntilAsync(async () =>
        {
            await using var db = _database.CreateContext();
            return await db.Audit.AnyAsync();
        }, TimeSpan.FromSeconds(30), "the failure was audited");
        await host.StopAsync();

        await using var check = _database.CreateContext();
        var audit = Assert.Single(await check.Audit.ToListAsync());
        Assert.Equal("reply address", audit.Channel);
        Assert.DoesNotContain("XyZsecretToken9", $"{audit.Channel} {audit.Command} {audit.Detail} {audit.RecordRef}", StringComparison.Ordinal);
    }
}

using Crm.Domain.Common;
using Crm.Domain.Handoffs;
using Crm.Domain.Replies;
using Crm.Jobs.Notifications;
using Crm.Testing;
using Crm.Testing.FakePlatform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Jobs.Tests.Notifications;

public sealed class HandoffFollowUpTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FridayAfternoon = new(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(FridayAfternoon);
    private PostgresDatabase _database = null!;
    private FakePlatformServer _platform = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _platform = await FakePlatformServer.StartAsync();
        _host = JobsTestHost.Build(_database, _platform,
            new Dictionary<string, string?> { ["Host:Role"] = "chat", ["Outbox:Dispatch"] = "false", ["Jobs:HandoffFollowUpBusinessHours"] = "4" }, _time);
        await using var db = _database.CreateContext();
        ReportScenario.Seed(db);
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        db.Handoffs.Add(new Handoff(1, acme.Id, Department.Sales, Department.Support, "Onboarding starts Monday", "ava@example.com", FridayAfternoon));
        var accepted = new Handoff(2, acme.Id, Department.Sales, Department.Support, null, "ava@example.com", FridayAfternoon);
        accepted.Accept("sam@example.com", FridayAfternoon.AddHours(1));
        db.Handoffs.Add(accepted);
        db.Handoffs.Add(new Handoff(3, acme.Id, Department.Support, Department.Marketing, null, "sam@example.com", FridayAfternoon));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<int> RunAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HandoffFollowUpJob>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task UnacceptedHandoff_RemindsTheTargetChannelOnce_AfterTheBusinessHours()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 10, 59, 0, TimeSpan.Zero)); // Monday: Friday 15–17 plus 1 h 59 min
        Assert.Equal(0, await RunAsync());

        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 11, 1, 0, TimeSpan.Zero));
        Assert.Equal(2, await RunAsync()); // H-1 to Support's channel; H-3 to Marketing's
        Assert.Equal(0, await RunAsync());
        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await RunAsync());

        await using var db = _database.CreateContext();
        var messages = await db.Outbox.OrderBy(o => o.Id).ToListAsync();
        Assert.Equal(["19:support@thread.tacv2", "C0MKT"], messages.Select(m => m.Recipient));
        var reply = Reply.FromJson(messages[0].ReplyJson);
        Assert.Equal("Handoff H-1 of Acme Corporation (C-1001) from Sales has waited more than 4 business hours for Support. Please accept or decline it.",
            reply.FallbackText);
        Assert.Equal(ReplyVisibility.Channel, reply.Visibility);
        Assert.NotNull((await db.Handoffs.SingleAsync(h => h.Number == 1)).FollowUpSentAt);
        Assert.Null((await db.Handoffs.SingleAsync(h => h.Number == 2)).FollowUpSentAt);
    }
}

using Crm.Domain.Outbox;
using Crm.Jobs.Outbox;
using Crm.Testing;
using Crm.Testing.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using static Crm.Jobs.Tests.Outbox.OutboxTestData;

namespace Crm.Jobs.Tests.Outbox;

/// <summary>One renewal per beat for every held row of this host; a database outage is said once and survived.</summary>
public sealed class ClaimHeartbeatTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<DateTimeOffset?> ClaimOfAsync(string key)
    {
        await using var db = _database.CreateContext();
        return (await db.Outbox.AsNoTracking().SingleAsync(o => o.IdempotencyKey == key)).LockedUntil;
    }

    [Fact]
    public async Task HeldRowsOfThisHost_AreRenewed_OthersAreNot_AndAnOutageIsSaidOnce()
    {
        var clock = new ManualClock(Start);
        var logs = new CapturedLogs(LogLevel.Information);
        await using var host = new OutboxHost(_database.CreateContext, new OutboxOptions { ClaimSeconds = 15 }, clock, logs);
        var held = Message("held", "C1", Start);
        var released = Message("released", "C2", Start);
        var someoneElses = Message("someone-elses", "C3", Start);
        (held.LockedBy, held.LockedUntil) = (host.Claims.Owner, Start.AddSeconds(15));
        (released.LockedBy, released.LockedUntil) = (host.Claims.Owner, Start.AddSeconds(15));
        (someoneElses.LockedBy, someoneElses.LockedUntil) = ("another-host/1/00000000", Start.AddSeconds(15));
        await using (var db = _database.CreateContext())
            await StoreAsync(db, held, released, someoneElses);
        using var hold = host.Heartbeat.Hold(held);
        host.Heartbeat.Hold(released).Dispose();
        // Held twice (the dispatcher and the recorder): one release keeps it held.
        host.Heartbeat.Hold(held).Dispose();
        // Held here, but claimed by another host meanwhile: not this host's to renew.
        using var stale = host.Heartbeat.Hold(someoneElses);

        clock.Advance(TimeSpan.FromSeconds(5));
        await host.Heartbeat.BeatAsync(CancellationToken.None);
        Assert.Equal(Start.AddSeconds(20), await ClaimOfAsync("held"));
        Assert.Equal(Start.AddSeconds(15), await ClaimOfAsync("released"));
        Assert.Equal(Start.AddSeconds(15), await ClaimOfAsync("someone-elses"));

        await DatabaseOutage.AllowConnectionsAsync(_database, false);
        try
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await host.Heartbeat.BeatAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(5));
            await host.Heartbeat.BeatAsync(CancellationToken.None);
        }
        finally
        {
            await DatabaseOutage.AllowConnectionsAsync(_database, true);
        }
        clock.Advance(TimeSpan.FromSeconds(5));
        await host.Heartbeat.BeatAsync(CancellationToken.None);

        Assert.Equal(Start.AddSeconds(35), await ClaimOfAsync("held"));
        var said = logs.Lines.Where(l => l.Category == typeof(ClaimHeartbeat).FullName && l.Level >= LogLevel.Warning).ToList();
        Assert.Single(said);
        Assert.Contains(logs.Lines, l => l.Category == typeof(ClaimHeartbeat).FullName && l.Message.Contains("renewed again"));
    }
}

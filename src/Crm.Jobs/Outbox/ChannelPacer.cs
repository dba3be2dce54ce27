using Crm.Jobs.Telemetry;
using System.Collections.Concurrent;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Jobs.Outbox;

/// <summary>
/// The one pacing of messages into a channel (or conversation), for every sender of this host: the
/// platform's spacing in process (Slack one post per <see cref="OutboxOptions.SlackChannelInterval"/>;
/// Teams 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour; console and CLI none), and a pause a
/// platform asked for (Retry-After), shared with every host through the table <c>channel_pauses</c>.
/// Slack's one post per interval is also kept between hosts: each post takes the channel's turn in that
/// table (<see cref="CrmDbContext.TakeChannelTurnAsync"/>), so a post from another host, or a post already
/// on its way when a 429 comes back, cannot land in the same second.
/// A reply address (Slack response_url) is no channel: it is neither paced nor paused (and never stored).
/// </summary>
public sealed class ChannelPacer(
    IOptions<OutboxOptions> options,
    IServiceScopeFactory scopes,
    TimeProvider time,
    CrmMetrics metrics,
    ILogger<ChannelPacer> log)
{
    private static readonly (int Count, TimeSpan Window)[] TeamsLimits =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    /// <summary>Per channel: when the next Slack post may go, or the Teams sends within the longest window.</summary>
    private readonly ConcurrentDictionary<ChannelKey, Turns> _channels = new();
    private bool _pauseReadFailing;

    /// <summary>
    /// Returns when <paramref name="message"/> may be sent: after this host's previous message to the
    /// channel by the platform's spacing, and after any pause stored for the channel (read from the
    /// database right before returning).
    /// </summary>
    public async Task WaitTurnAsync(OutboxMessage message, CancellationToken ct)
    {
        if (KeyOf(message) is not { } key) return;
        while (true)
        {
            var wait = TakeTurn(key);
            if (wait > TimeSpan.Zero)
            {
                metrics.Paced(PlatformTag(key), "spacing", wait);
                await Task.Delay(wait, time, ct);
            }
            var interval = key.Platform == Platform.Slack ? options.Value.SlackChannelInterval : TimeSpan.Zero;
            var pausedUntil = interval > TimeSpan.Zero ? await TakeSharedTurnAsync(key, interval, ct) : await ReadPauseAsync(key, ct);
            // Null: the turn is ours (Slack) or nothing holds the channel. A turn that ended between the two
            // statements of taking one is taken again at once rather than sent without.
            while (interval > TimeSpan.Zero && pausedUntil is { } ended && ended <= time.GetUtcNow())
                pausedUntil = await TakeSharedTurnAsync(key, interval, ct);
            var pause = pausedUntil - time.GetUtcNow();
            if (pause is not { } p || p <= TimeSpan.Zero) return;
            // The platform told a host to wait: no turn before the pause ends; one is taken again after it.
            _channels.GetOrAdd(key, _ => new Turns()).Release(pausedUntil!.Value);
            metrics.Paced(PlatformTag(key), "pause", p);
            await Task.Delay(p, time, ct);
        }
    }

    /// <summary>
    /// The platform answered a send into the message's channel (whatever it said): Slack's spacing
    /// counts from here, so request latency cannot squeeze two arrivals closer than the interval.
    /// </summary>
    public void Answered(OutboxMessage message)
    {
        if (KeyOf(message) is not { Platform: Platform.Slack } key) return;
        var interval = options.Value.SlackChannelInterval;
        if (interval <= TimeSpan.Zero || !_channels.TryGetValue(key, out var turns)) return;
        lock (turns) turns.PushNext(time.GetUtcNow() + interval);
    }

    /// <summary>
    /// Stores that the message's channel is paused for <paramref name="retryAfter"/> from now, for every
    /// host (the later pause wins when one is already stored).
    /// </summary>
    public async Task PauseAsync(OutboxMessage message, TimeSpan retryAfter, CancellationToken ct)
    {
        if (KeyOf(message) is not { } key || retryAfter <= TimeSpan.Zero) return;
        var until = time.GetUtcNow() + retryAfter;
        if (_channels.TryGetValue(key, out var turns)) turns.Release(until);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        await db.PauseChannelAsync(key.Platform, key.Workspace, key.Recipient, until, ct);
    }

    private static string PlatformTag(ChannelKey key) => CrmTracing.PlatformTag(key.Platform);

    /// <summary>Null when this host took the channel's turn for every host; otherwise when the running turn or pause ends.</summary>
    private async Task<DateTimeOffset?> TakeSharedTurnAsync(ChannelKey key, TimeSpan interval, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var busyUntil = await db.TakeChannelTurnAsync(key.Platform, key.Workspace, key.Recipient, time.GetUtcNow(), interval, ct);
            _pauseReadFailing = false;
            return busyUntil;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // As for a pause that cannot be read: this host's own spacing still holds, and Slack's 429 protects the channel.
            if (!_pauseReadFailing) log.LogWarning(e, "Taking a channel's turn failed; sending by this host's spacing until the database answers again");
            _pauseReadFailing = true;
            return null;
        }
    }

    /// <summary>When the channel's stored pause ends, if one is stored.</summary>
    private async Task<DateTimeOffset?> ReadPauseAsync(ChannelKey key, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var until = await db.ChannelPauses.AsNoTracking()
                .Where(p => p.Platform == key.Platform && p.Workspace == key.Workspace && p.Recipient == key.Recipient)
                .Select(p => (DateTimeOffset?)p.PausedUntil)
                .FirstOrDefaultAsync(ct);
            _pauseReadFailing = false;
            return until;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Without the database the send will most likely fail too; the platform's own 429 still
            // protects the channel, so the pause is not worth holding a send back for.
            if (!_pauseReadFailing) log.LogWarning(e, "Reading a channel's pause failed; sending without it until the database answers again");
            _pauseReadFailing = true;
            return null;
        }
    }

    /// <summary>How long to wait for this host's next turn in the message's channel by the platform's spacing alone; the turn is taken.</summary>
    internal TimeSpan TakeTurn(OutboxMessage message) => KeyOf(message) is { } key ? TakeTurn(key) : TimeSpan.Zero;

    private TimeSpan TakeTurn(ChannelKey key)
    {
        var turns = _channels.GetOrAdd(key, _ => new Turns());
        var now = time.GetUtcNow();
        if (_channels.Count > 10_000) Prune(now);
        lock (turns)
        {
            return key.Platform switch
            {
                Platform.Slack => turns.TakeSlot(now, options.Value.SlackChannelInterval),
                Platform.Teams => turns.TakeWindowSlot(now, TeamsLimits),
                _ => TimeSpan.Zero,
            };
        }
    }

    /// <summary>Forgets channels with nothing left to space (a bot in many channels must not grow this for ever).</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, turns) in _channels)
        {
            bool idle;
            lock (turns) idle = turns.IsIdle(now, TeamsLimits[^1].Window);
            if (idle) _channels.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// The channel a message goes to, or null for one that is not paced: a reply address, or a
    /// platform without limits (console, CLI). Threads of a Teams channel share the channel's limits;
    /// a Slack ephemeral answer ("C…/U…") goes into its channel.
    /// </summary>
    internal static ChannelKey? KeyOf(OutboxMessage message)
    {
        if (message.TargetKind == OutboxTargetKind.ReplyUrl) return null;
        var recipient = message.Recipient;
        switch (message.Platform)
        {
            case Platform.Teams:
                var cut = recipient.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
                if (cut >= 0) recipient = recipient[..cut];
                break;
            case Platform.Slack:
                if (message.TargetKind == OutboxTargetKind.Ephemeral && recipient.IndexOf('/') is var slash and > 0) recipient = recipient[..slash];
                break;
            default:
                return null;
        }
        return new ChannelKey(message.Platform, message.Workspace, recipient);
    }

    internal sealed record ChannelKey(Platform Platform, string Workspace, string Recipient);

    /// <summary>One channel's turns on this host; guarded by locking the instance.</summary>
    private sealed class Turns
    {
        private DateTimeOffset _next = DateTimeOffset.MinValue;
        private readonly Queue<DateTimeOffset> _sent = new();

        /// <summary>Slack: one slot per interval, counted from the last slot or answer.</summary>
        public TimeSpan TakeSlot(DateTimeOffset now, TimeSpan interval)
        {
            if (interval <= TimeSpan.Zero) return TimeSpan.Zero;
            var slot = _next > now ? _next : now;
            _next = slot + interval;
            return slot - now;
        }

        public void PushNext(DateTimeOffset next)
        {
            if (next > _next) _next = next;
        }

        /// <summary>Teams: a send when every window has room; the send that leaves a full window first decides.</summary>
        public TimeSpan TakeWindowSlot(DateTimeOffset now, (int Count, TimeSpan Window)[] limits)
        {
            while (_sent.Count > 0 && now - _sent.Peek() >= limits[^1].Window) _sent.Dequeue();
            var times = _sent.ToArray();
            var slot = now;
            foreach (var (count, window) in limits)
            {
                if (times.Length < count) continue;
                var free = times[times.Length - count] + window;
                if (free > slot) slot = free;
            }
            // Reserved now, at the time it will go, so concurrent senders queue behind it.
            if (_sent.Count > 0 && _sent.Last() > slot) slot = _sent.Last();
            _sent.Enqueue(slot);
            return slot - now;
        }

        public bool IsIdle(DateTimeOffset now, TimeSpan longestWindow) =>
            _next <= now && (_sent.Count == 0 || now - _sent.Last() >= longestWindow);

        /// <summary>A pause until <paramref name="until"/>: no turn before it.</summary>
        public void Release(DateTimeOffset until)
        {
            lock (this)
            {
                if (until > _next) _next = until;
            }
        }
    }
}

using System.ComponentModel.DataAnnotations;
using Crm.Domain.Common;

namespace Crm.Jobs.Outbox;

/// <summary>How this host delivers the outbox (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Whether this host runs a dispatcher. Several hosts may; they never send a message twice.</summary>
    public bool Dispatch { get; set; } = true;

    [Range(1, 1000)] public int BatchSize { get; set; } = 100;

    /// <summary>Messages in flight at once on this host (each to a different channel).</summary>
    [Range(1, 1000)] public int MaxConcurrency { get; set; } = 64;

    /// <summary>
    /// How long a claim on a message lasts without renewal. A host renews the claims it holds every third
    /// of this (<see cref="ClaimHeartbeat"/>), so a send or a wait may take longer; a host that died
    /// leaves its messages (and their channels) to the others this long after its last renewal.
    /// </summary>
    [Range(2, 600)] public int ClaimSeconds { get; set; } = 15;

    public TimeSpan ClaimFor => TimeSpan.FromSeconds(ClaimSeconds);

    /// <summary>One send may take this long before it counts as a transient failure.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often to look for due messages when nothing woke the dispatcher.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After this many transient failures a message is marked failed and shown to admins.</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 20;

    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Slack allows about one message per second per channel (<see cref="ChannelPacer"/>). The pause
    /// counts from the platform's answer to the previous message, so request latency cannot squeeze two
    /// arrivals closer than this; the extra 10 ms covers timer rounding. Zero turns Slack's pacing off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")] public TimeSpan SlackChannelInterval { get; set; } = TimeSpan.FromMilliseconds(1010);

    /// <summary>
    /// Teams allows short bursts (the pacer keeps each conversation within its windows) but about 1,800
    /// messages an hour per conversation: how long other hosts leave a conversation alone after a send.
    /// </summary>
    public TimeSpan TeamsChannelInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The console and CLI have no rate limit.</summary>
    public TimeSpan OtherChannelInterval { get; set; } = TimeSpan.Zero;

    public TimeSpan IntervalFor(Platform platform) => platform switch
    {
        Platform.Slack => SlackChannelInterval,
        Platform.Teams => TeamsChannelInterval,
        _ => OtherChannelInterval,
    };

    /// <summary>Exponential backoff with jitter, at least what the platform asked for.</summary>
    public TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        var exponential = BaseBackoff * Math.Pow(2, Math.Min(attempts - 1, 16));
        var capped = exponential > MaxBackoff ? MaxBackoff : exponential;
        var jittered = capped * (0.8 + Random.Shared.NextDouble() * 0.4);
        return retryAfter is { } asked && asked > jittered ? asked : jittered;
    }
}

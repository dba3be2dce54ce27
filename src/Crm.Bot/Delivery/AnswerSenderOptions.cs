using System.ComponentModel.DataAnnotations;

namespace Crm.Bot.Delivery;

/// <summary>The in-process sender of answers (section <c>AnswerSender</c>).</summary>
public sealed class AnswerSenderOptions
{
    public const string Section = "AnswerSender";

    /// <summary>
    /// Stored answers waiting for a send slot. When it is full a row is left to the outbox dispatcher
    /// (it is stored already), so a burst costs memory only up to this bound.
    /// </summary>
    [Range(1, 1_000_000)] public int QueueCapacity { get; set; } = 4096;

    /// <summary>
    /// Sends in flight at once. Each mostly waits (on the platform, or on a channel's pacing), so a busy
    /// channel must not hold up answers to others.
    /// </summary>
    [Range(1, 1000)] public int MaxSendsInFlight { get; set; } = 32;
}

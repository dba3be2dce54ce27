namespace Crm.Jobs.Digests;

/// <summary>What one digest run did.</summary>
public enum DigestRunOutcome
{
    /// <summary>The digest was stored in the outbox for delivery.</summary>
    Stored,
    /// <summary>This scheduled time was already handled (a retry, or another host).</summary>
    AlreadyDone,
    /// <summary>Nothing to report and the subscription skips empty digests.</summary>
    SkippedEmpty,
    /// <summary>The channel can no longer be posted to.</summary>
    ChannelUnreachable,
    /// <summary>The subscription was removed.</summary>
    Missing,
}

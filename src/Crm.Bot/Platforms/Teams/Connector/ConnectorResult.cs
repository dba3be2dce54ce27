namespace Crm.Bot.Platforms.Teams;

internal enum ConnectorOutcome
{
    Sent,
    /// <summary>403 MessageWritesBlocked or 404: the bot was removed, blocked or the conversation is gone.</summary>
    Unreachable,
    /// <summary>413: the activity is too big; sending it again cannot help.</summary>
    TooLarge,
    /// <summary>Throttled or a passing server problem even after the inline retries; try later.</summary>
    Transient,
    /// <summary>Any other refusal (bad request, untrusted service URL, auth): retrying cannot fix it.</summary>
    Failed,
}

/// <summary>What the Bot Connector said. <see cref="Id"/> is the new activity's or conversation's id.</summary>
internal sealed record ConnectorResult(ConnectorOutcome Outcome, string? Id = null, string? Error = null, TimeSpan? RetryAfter = null)
{
    public bool IsSent => Outcome == ConnectorOutcome.Sent;
}

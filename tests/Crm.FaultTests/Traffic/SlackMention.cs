namespace Crm.FaultTests.Traffic;

/// <summary>
/// One @mention as Slack delivers it: its event id (the delivery id retries repeat), the channel,
/// who wrote it and its message ts, which the answer's thread_ts names (the key its answer is found by).
/// </summary>
public sealed record SlackMention(string EventId, string Channel, string User, string Ts, string Text);

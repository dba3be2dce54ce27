namespace Crm.Fakes.Faults;

/// <summary>
/// One post that reached a fake platform, refused or not: where it went (<see cref="Channel"/> is the
/// Slack channel or the Teams conversation without its thread part; <see cref="Key"/> names the
/// message answered: a Slack thread_ts or hook id, a Teams conversation id), what the fake answered
/// (<see cref="Status"/> 0 = the connection was reset) and when it arrived (Unix milliseconds).
/// </summary>
public sealed record ReceivedPost(
    long Seq, string Platform, string Method, string Channel, string Key, string? Text, int Status, int? RetryAfterSeconds, double ArrivedAtMs);

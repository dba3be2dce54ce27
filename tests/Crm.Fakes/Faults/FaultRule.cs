namespace Crm.Fakes.Faults;

/// <summary>
/// A fault the control API switches on: posts to <see cref="Platform"/> (slack | teams), into
/// <see cref="Channel"/> or any channel when null, are answered with <see cref="Status"/> (429, 500,
/// 503, …; 0 aborts the connection) with <see cref="RetryAfterSeconds"/> if given, for
/// <see cref="Seconds"/> from now or for the next <see cref="Calls"/> posts (whichever is given; both: whichever ends first).
/// </summary>
public sealed record FaultRule(string Platform, string? Channel, int Status, int? RetryAfterSeconds, double? Seconds, int? Calls);

namespace Crm.FaultTests.Cluster;

/// <summary>
/// A fault for the fakes' control API: posts to <paramref name="Platform"/> (slack | teams) into
/// <paramref name="Channel"/> (null: any) get <paramref name="Status"/> (0 resets the connection)
/// for <paramref name="Seconds"/> or the next <paramref name="Calls"/> posts.
/// </summary>
public sealed record FaultSpec(string Platform, string? Channel, int Status, int? RetryAfterSeconds = null, double? Seconds = null, int? Calls = null);

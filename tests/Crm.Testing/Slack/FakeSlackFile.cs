namespace Crm.Testing.Slack;

/// <summary>A file the fake Slack was given: announced (name, length), its bytes once uploaded, the channel once completed.</summary>
public sealed record FakeSlackFile(string Id, string Name, int Length, byte[]? Content, string? Channel);

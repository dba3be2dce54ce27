namespace Crm.Testing.FakePlatform;

/// <summary>A message the fake platform accepted.</summary>
public sealed record FakePost(string Id, string Channel, string IdempotencyKey, string Text, DateTimeOffset At);

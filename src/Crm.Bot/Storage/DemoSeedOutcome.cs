namespace Crm.Bot.Storage;

/// <summary>What a first-use demo seeding did: whether it added anything, and the sentence saying what and why.</summary>
public sealed record DemoSeedOutcome(bool Seeded, string Text);

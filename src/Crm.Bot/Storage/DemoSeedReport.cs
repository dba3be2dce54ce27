namespace Crm.Bot.Storage;

/// <summary>What the start did about the demo set and why, for the log and the start-up banner.</summary>
public sealed class DemoSeedReport
{
    /// <summary>One sentence, e.g. "seeded the demo set: …" or "demo set not seeded: Slack is configured, …".</summary>
    public string Text { get; set; } = "not decided (the database start-up has not run)";
}

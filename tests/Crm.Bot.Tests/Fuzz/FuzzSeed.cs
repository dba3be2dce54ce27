namespace Crm.Bot.Tests.Fuzz;

/// <summary>
/// The fuzzers' seed: fixed by default so every run tries the same inputs, overridable with
/// CRM_FUZZ_SEED to explore (CRM_FUZZ_SEED=random picks a new one, printed on failure).
/// </summary>
public static class FuzzSeed
{
    public const int Default = 20261207;

    public static int Value { get; } = Read();

    private static int Read()
    {
        var text = Environment.GetEnvironmentVariable("CRM_FUZZ_SEED");
        if (string.IsNullOrWhiteSpace(text)) return Default;
        if (text.Trim().Equals("random", StringComparison.OrdinalIgnoreCase)) return Random.Shared.Next();
        return int.TryParse(text.Trim(), out var seed)
            ? seed
            : throw new InvalidOperationException($"CRM_FUZZ_SEED must be an integer or 'random', not '{text}'.");
    }

    /// <summary>How many commands the grammar fuzzer runs (CRM_FUZZ_COUNT, at least 10,000 by default).</summary>
    public static int Count(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("CRM_FUZZ_COUNT"), out var count) && count > 0 ? count : fallback;
}

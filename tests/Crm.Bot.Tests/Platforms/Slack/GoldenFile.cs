using Crm.Testing;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>Compares output with a reviewed file under Golden/; set UPDATE_GOLDEN=1 to rewrite them after a deliberate change.</summary>
internal static class GoldenFile
{
    public static void AssertMatches(string name, string actual)
    {
        var path = RepositoryRoot.PathOf("tests", "Crm.Bot.Tests", "Platforms", "Slack", "Golden", name);
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Golden file {path} is missing; run with UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}

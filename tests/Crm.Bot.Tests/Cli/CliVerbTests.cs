using Crm.Bot.Cli;
using Crm.Testing;

namespace Crm.Bot.Tests.Cli;

public sealed class CliVerbTests
{
    private static async Task<(int Exit, string Output)> Run(params string[] args)
    {
        await using var database = await SqliteDatabase.CreateAsync(migrate: false);
        return await CliHarness.RunAsync(new Dictionary<string, string?> { ["Storage:SqlitePath"] = database.Path }, args);
    }

    [Theory]
    [InlineData("migrate", "Usage: migrate")]
    [InlineData("seed", "Usage: seed [--customers N] [--seed S]")]
    [InlineData("import customers", "Usage: import customers <file.csv> [--dry-run] [--skip-invalid]")]
    [InlineData("export customers", "Usage: export customers <file.csv> [--force]")]
    public async Task EveryVerb_AnswersHelp(string verb, string usage)
    {
        var (exit, output) = await Run([.. verb.Split(' '), "--help"]);
        Assert.Equal(0, exit);
        Assert.Contains(usage, output);
    }

    [Fact]
    public async Task VerbList_NamesTheFoundationVerbs()
    {
        var (exit, output) = await Run("--help");
        Assert.Equal(0, exit);
        foreach (var verb in new[] { "migrate", "seed", "import customers", "export customers" })
            Assert.Contains(verb, output);
    }

    [Theory]
    [InlineData("seed --customers lots", "--customers must be a whole number from 0 to 1,000,000 (got 'lots')")]
    [InlineData("seed --customers 1000001", "--customers must be a whole number from 0 to 1,000,000")]
    [InlineData("seed --cutsomers 5", "Unknown option '--cutsomers'")]
    [InlineData("import customers", "Name exactly one CSV file.")]
    [InlineData("import customers /nonexistent/file.csv", "File '/nonexistent/file.csv' does not exist.")]
    [InlineData("migrate now", "migrate takes no arguments")]
    public async Task BadArguments_AreExplained(string line, string message)
    {
        var (exit, output) = await Run(line.Split(' '));
        Assert.Equal(2, exit);
        Assert.Contains(message, output);
    }

    [Fact]
    public async Task Seed_OnEmbeddedDatabase_MigratesAndSeeds_ThenRefusesASecondRun()
    {
        await using var database = await SqliteDatabase.CreateAsync(migrate: false);
        var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = database.Path };

        var (exit, output) = await CliHarness.RunAsync(settings, "seed", "--customers", "50", "--seed", "9");
        Assert.True(exit == 0, output);
        Assert.Contains("Done: 51 customers", output);

        var (again, message) = await CliHarness.RunAsync(settings, "seed", "--customers", "50");
        Assert.Equal(1, again);
        Assert.Contains("already holds 51 customers", message);
    }

    [Fact]
    public void Arguments_ParseOptionsFlagsAndPositionals()
    {
        var parsed = CliArguments.Parse(["file.csv", "--skip-invalid", "--seed=7"], ["--seed"], ["--skip-invalid"], out var error);
        Assert.Null(error);
        Assert.Equal(["file.csv"], parsed!.Positional);
        Assert.True(parsed.Has("--skip-invalid"));
        Assert.True(parsed.TryInt("--seed", 0, 0, 10, out var seed, out _));
        Assert.Equal(7, seed);
    }
}

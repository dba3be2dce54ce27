using System.Text;
using System.Text.RegularExpressions;
using Crm.Bot.Cli;
using Crm.Bot.Hosting;
using Crm.Bot.Pipeline;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Cli;

/// <summary>
/// The docs promise only what exists: every command-line verb the README names, every chat command in
/// its table and every example the chat help shows runs (as a crm-admin, on the demo set) without
/// "Unknown verb", "I do not know the command", "Something went wrong" or a stack trace.
/// </summary>
public sealed partial class DocumentedCommandsTests : IAsyncLifetime
{
    private static readonly string[] NeverShown = ["Unknown verb", "I do not know the command", "Something went wrong", "   at ", "Exception"];

    private PostgresDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        var (exit, output) = await CliHarness.RunAsync(Settings, "seed", "--customers", "5");
        Assert.True(exit == 0, output);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Dictionary<string, string?> Settings => new() { ["ConnectionStrings:Crm"] = _database.ConnectionString };

    private static string Readme => File.ReadAllText(RepositoryRoot.PathOf("README.md")).ReplaceLineEndings("\n");

    /// <summary>Runs command lines through one CLI host; returns what each printed.</summary>
    private async Task<List<(string Line, int Exit, string Output)>> RunAllAsync(IEnumerable<string[]> lines)
    {
        HangfireStatics.ForgetDisposedHostLogger();
        await using var host = CrmHost.Build([$"--ConnectionStrings:Crm={_database.ConnectionString}"], isCli: true);
        var results = new List<(string, int, string)>();
        foreach (var args in lines)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var output = new StringWriter();
            var exit = await scope.ServiceProvider.GetRequiredService<CliRunner>().RunAsync(args, output, output, default);
            results.Add((string.Join(' ', args), exit, output.ToString()));
        }
        return results;
    }

    private static void AssertNoneFailed(IEnumerable<(string Line, int Exit, string Output)> results)
    {
        var bad = results.Where(r => NeverShown.Any(r.Output.Contains)).Select(r => $"`{r.Line}` →\n{r.Output}").ToList();
        Assert.True(bad.Count == 0, string.Join("\n\n", bad));
    }

    private static string Section(string readme, string heading)
    {
        var start = readme.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section '## {heading}'.");
        var end = readme.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    /// <summary>Table rows of a section as cells (escaped pipes kept inside their cell), header and rule left out.</summary>
    private static List<string[]> TableRows(string section) => section.Split('\n')
        .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
        .Select(l => CellSplit().Split(l.Trim().Trim('|')).Select(c => c.Trim().Replace("\\|", "|")).ToArray())
        .ToList();

    private static IEnumerable<string> CodeSpans(string cell) => CodeSpan().Matches(cell).Select(m => m.Groups[1].Value);

    [Fact]
    public async Task EveryCommandLineVerbTheReadmeNames_Exists_AndRuns()
    {
        var readme = Readme;
        var mentioned = new List<string>();
        // Every `dotnet run --project src/Crm.Bot -- …` anywhere in the README, and the first cell of the verb table.
        mentioned.AddRange(DotnetRun().Matches(readme).Select(m => m.Groups[1].Value));
        mentioned.AddRange(TableRows(Section(readme, "Admin command line")).SelectMany(r => CodeSpans(r[0]).Take(1)));
        var verbs = mentioned
            .Select(m => string.Join(' ', m.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(w => char.IsLetter(w[0]))))
            .Where(v => v.Length > 0)
            .Distinct()
            .ToList();
        Assert.Contains("audit export", verbs);
        Assert.Contains("outbox list", verbs);
        Assert.True(verbs.Count >= 9, string.Join(", ", verbs));

        // Each as documented where it needs nothing else, and each one's help.
        var lines = verbs.Select(v => (string[])[.. v.Split(' '), "--help"]).ToList();
        lines.AddRange(new[] { "migrate", "outbox list", "seed" }.Select(v => v.Split(' ')));
        var results = await RunAllAsync(lines);
        AssertNoneFailed(results);
        Assert.All(results.Where(r => r.Line.EndsWith("--help", StringComparison.Ordinal)), r => Assert.True(r.Exit == 0, $"{r.Line}: {r.Output}"));
    }

    /// <summary>The README's chat command table as the catalog describes the commands.</summary>
    private static string ExpectedChatTable(CommandCatalog catalog)
    {
        var table = new StringBuilder("| command | what it does | examples |\n|---|---|---|\n");
        foreach (var d in catalog.All.Select(c => c.Descriptor))
            table.Append($"| `{d.Usage.Replace("|", "\\|")}` | {d.Summary.Replace("|", "\\|")} | {string.Join(" · ", d.Examples.Select(e => $"`{e.Replace("|", "\\|")}`"))} |\n");
        return table.ToString();
    }

    [Fact]
    public async Task TheReadmesChatCommandTable_IsTheCatalog_AndEveryExampleInItAndInHelpRuns()
    {
        HangfireStatics.ForgetDisposedHostLogger();
        CommandCatalog catalog;
        await using (var host = CrmHost.Build([$"--ConnectionStrings:Crm={_database.ConnectionString}"], isCli: true))
            catalog = host.Services.GetRequiredService<CommandCatalog>();
        var section = Section(Readme, "Chat commands");
        var expected = ExpectedChatTable(catalog);
        Assert.True(section.Contains(expected, StringComparison.Ordinal), $"README.md's chat command table should read:\n{expected}");

        var examples = TableRows(section).SelectMany(r => CodeSpans(r[2]))
            .Concat(catalog.All.SelectMany(c => c.Descriptor.Examples))
            .Concat(catalog.Verbs.Select(v => $"help {v}"))
            .Append("help")
            .Distinct()
            .ToList();
        Assert.Contains("admin outbox", examples);
        Assert.Contains("audit export --since 2026-11-01 audit.csv", examples);

        try
        {
            var results = await RunAllAsync(examples.Select(e => (string[])["ask", "--as", "root@example.com", e]));
            AssertNoneFailed(results);
            var help = results.Single(r => r.Line == "ask --as root@example.com help");
            Assert.Contains("admin outbox", help.Output);
        }
        finally
        {
            // The audit export example writes its file into the working folder.
            File.Delete("audit.csv");
        }
    }

    [GeneratedRegex(@"dotnet run --project src/Crm\.Bot -- ([^`\n>]+)")]
    private static partial Regex DotnetRun();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSplit();
}

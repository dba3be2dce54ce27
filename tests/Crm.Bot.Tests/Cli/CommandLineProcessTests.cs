using System.Diagnostics;
using System.Reflection;
using Crm.Bot.Hosting;
using Crm.Testing;

namespace Crm.Bot.Tests.Cli;

/// <summary>
/// The command line as a newcomer types it (`dotnet run --project src/Crm.Bot -- …`, built already),
/// from a folder of their own: relative paths land in that folder, and nothing but the verb's own
/// answer is printed (no framework log lines, no stack traces).
/// </summary>
public sealed class CommandLineProcessTests
{
    private static readonly string Configuration =
        typeof(CrmHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private static async Task<(int Exit, string Output, string Error)> DotnetRunAsync(string workingDirectory, string home, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["run", "--project", RepositoryRoot.PathOf("src", "Crm.Bot"), "-c", Configuration, "--no-build", "--", .. args])
            start.ArgumentList.Add(arg);
        start.Environment["Storage__SqlitePath"] = Path.Combine(home, "crm.db");
        start.Environment.Remove("ConnectionStrings__Crm");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static void AssertOnlyTheAnswer(string output, string error)
    {
        foreach (var noise in new[] { "info:", "warn:", "fail:", "dbug:", "crit:", "   at ", "Exception", "Hangfire", "Microsoft." })
        {
            Assert.DoesNotContain(noise, output);
            Assert.DoesNotContain(noise, error);
        }
    }

    [Fact]
    public async Task RelativePaths_AreTheUsersFolder_AndVerbsPrintOnlyTheirAnswer_OnAFreshHome()
    {
        var here = Path.Combine(Path.GetTempPath(), $"crm-user-{Guid.NewGuid():N}");
        var home = Path.Combine(here, ".home");
        Directory.CreateDirectory(here);
        var sourceTree = RepositoryRoot.PathOf("src", "Crm.Bot");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(here, "cust.csv"), "name,domain,contact_name,contact_email\nRelative Ltd,relative.example,Ann Lee,ann@relative.example\n");

            var asked = await DotnetRunAsync(here, home, "ask", "--as", "ava@example.com", "show acme");
            AssertOnlyTheAnswer(asked.Output, asked.Error);
            // A fresh home gets the demo set as the host's first start would, and says so once on stderr.
            Assert.True(asked.Exit == 0, asked.Output + asked.Error);
            Assert.Contains("Acme Corporation (C-1001)", asked.Output);
            Assert.StartsWith("Demo data: seeded the demo set:", asked.Error);

            var imported = await DotnetRunAsync(here, home, "import", "customers", "cust.csv");
            Assert.True(imported.Exit == 0, imported.Output + imported.Error);
            AssertOnlyTheAnswer(imported.Output, imported.Error);
            Assert.Contains("Imported 1 customer(s)", imported.Output);

            var exported = await DotnetRunAsync(here, home, "export", "customers", "exp.csv");
            Assert.True(exported.Exit == 0, exported.Output + exported.Error);
            AssertOnlyTheAnswer(exported.Output, exported.Error);
            Assert.Contains("Relative Ltd", await File.ReadAllTextAsync(Path.Combine(here, "exp.csv")));
            Assert.False(File.Exists(Path.Combine(sourceTree, "exp.csv")));

            var manifest = await DotnetRunAsync(here, home, "manifest", "teams", "--app-id", "00000000-0000-4000-8000-000000000001",
                "--base-url", "https://bot.example.com", "--out", "pkg.zip");
            Assert.True(manifest.Exit == 0, manifest.Output + manifest.Error);
            Assert.True(File.Exists(Path.Combine(here, "pkg.zip")));
            Assert.False(File.Exists(Path.Combine(sourceTree, "pkg.zip")));

            // --verbose adds what the framework does, on stderr only: the answer on stdout stays the same.
            var verbose = await DotnetRunAsync(here, home, "outbox", "list", "--verbose");
            var quiet = await DotnetRunAsync(here, home, "outbox", "list");
            Assert.True(verbose.Exit == 0 && quiet.Exit == 0, verbose.Error + quiet.Error);
            Assert.Contains("Microsoft.EntityFrameworkCore", verbose.Error);
            Assert.DoesNotContain("Microsoft.", quiet.Error);
            Assert.Equal(quiet.Output, verbose.Output);
        }
        finally
        {
            Directory.Delete(here, recursive: true);
        }
    }
}

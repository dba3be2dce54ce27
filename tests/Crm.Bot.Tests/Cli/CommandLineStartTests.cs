using System.Net;
using System.Net.Sockets;
using Crm.Bot.Cli;
using Crm.Bot.Hosting;
using Crm.Testing;

namespace Crm.Bot.Tests.Cli;

/// <summary>The executable's entry: the verb list without a host, and a start on a busy port.</summary>
public sealed class CommandLineStartTests
{
    private static string FreshHome() => Path.Combine(Path.GetTempPath(), $"crm-home-{Guid.NewGuid():N}");

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        HangfireStatics.ForgetDisposedHostLogger();
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CrmHost.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_ListsTheVerbs_AndExits_WithoutStartingTheHostOrTouchingTheDatabase(string word)
    {
        var home = FreshHome();
        var (exit, output, error) = await RunAsync($"--Storage:SqlitePath={Path.Combine(home, "crm.db")}", word);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.StartsWith(CliRunner.UsageLine, output);
        foreach (var verb in new[] { "ask", "audit export", "export customers", "import customers", "manifest slack", "manifest teams", "migrate", "outbox", "seed" })
            Assert.Contains($"  {verb} ", output);
        // Not even the folder of the embedded database was made.
        Assert.False(Directory.Exists(home));
    }

    [Fact]
    public async Task Help_IsExactlyWhatTheReadmeShows()
    {
        var (_, output, _) = await RunAsync($"--Storage:SqlitePath={Path.Combine(FreshHome(), "crm.db")}", "--help");
        var readme = (await File.ReadAllTextAsync(RepositoryRoot.PathOf("README.md"))).ReplaceLineEndings("\n");
        var block = "```text\n" + output.ReplaceLineEndings("\n") + "```";
        Assert.True(readme.Contains(block, StringComparison.Ordinal), $"README.md should show the verb list exactly as `--help` prints it:\n{block}");
    }

    [Fact]
    public async Task BusyPort_SaysSoInOneLine_AndExitsNonZero_WithoutAStackTrace()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var home = FreshHome();
        try
        {
            var (exit, output, error) = await RunAsync($"--urls=http://127.0.0.1:{port}", $"--Storage:SqlitePath={Path.Combine(home, "crm.db")}",
                "--Storage:DemoCustomers=0", "--Logging:LogLevel:Default=None");

            Assert.NotEqual(0, exit);
            Assert.Equal($"port {port} is in use; set --urls or ASPNETCORE_URLS", error.Trim());
            Assert.DoesNotContain("   at ", output + error);
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task InvalidSetting_StopsTheStartInOneLine_NamingTheKey()
    {
        var (exit, _, error) = await RunAsync("--urls=http://127.0.0.1:0", $"--Storage:SqlitePath={Path.Combine(FreshHome(), "crm.db")}",
            "--Storage:DemoCustomers=-5", "--Logging:LogLevel:Default=None");

        Assert.Equal(1, exit);
        Assert.Contains("DemoCustomers", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}

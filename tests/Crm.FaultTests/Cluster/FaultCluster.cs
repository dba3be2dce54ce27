using System.Diagnostics;
using Crm.FaultTests.Outcomes;
using Npgsql;

namespace Crm.FaultTests.Cluster;

/// <summary>
/// Two chat hosts and one jobs-only host (real Crm.Bot processes) on one PostgreSQL of the harness's
/// own, talking to the fakes process. Started once for the scenarios of the collection.
/// Chat hosts: <c>Host:Role=chat</c>, <c>Outbox:Dispatch=false</c> (they send their direct answers);
/// the jobs host: <c>Host:Role=jobs</c> with the outbox dispatcher (retries, rows of a dead host).
/// </summary>
public sealed class FaultCluster : IAsyncLifetime
{
    public const string SigningSecret = "fault-harness-signing-secret-0123456789";

    public ScratchPostgres Postgres { get; private set; } = null!;
    public FakesProcess Fakes { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public HostProcess ChatA { get; private set; } = null!;
    public HostProcess ChatB { get; private set; } = null!;
    public HostProcess Jobs { get; private set; } = null!;
    public string LogDirectory { get; } = Directory.CreateTempSubdirectory("crm-fault-logs.").FullName;

    public IReadOnlyList<HostProcess> Hosts => [ChatA, ChatB, Jobs];

    public async Task InitializeAsync()
    {
        Postgres = await ScratchPostgres.StartAsync();
        RunSize.Report("PostgreSQL (the harness's own cluster)", Postgres.DurabilitySettings);
        ConnectionString = await Postgres.CreateDatabaseAsync("crm");
        Fakes = await FakesProcess.StartAsync();
        // The schema once, by the deployment step the README describes; then the demo people and channels.
        await CliAsync("migrate");
        await CliAsync("seed", "--customers", "0");

        ChatA = new HostProcess("chat-a", HostEnvironment("chat", dispatch: false), LogDirectory);
        ChatB = new HostProcess("chat-b", HostEnvironment("chat", dispatch: false), LogDirectory);
        Jobs = new HostProcess("jobs", HostEnvironment("jobs", dispatch: true), LogDirectory);
        // One after the other: a 2-core machine starting three hosts at once can starve their first
        // outside calls, and Hangfire's schema check is best not raced.
        foreach (var host in Hosts)
            await host.StartAsync();
    }

    private Dictionary<string, string> HostEnvironment(string role, bool dispatch) => new()
    {
        ["ConnectionStrings__Crm"] = ConnectionString + ";Maximum Pool Size=50",
        ["Storage__MigrateOnStart"] = "false",
        ["Host__Role"] = role,
        ["Outbox__Dispatch"] = dispatch ? "true" : "false",
        ["Slack__SigningSecret"] = SigningSecret,
        ["Slack__BotToken"] = Fakes.Str("slackBotToken"),
        ["Slack__ApiBaseUrl"] = Fakes.Str("slackApiBaseUrl"),
        ["Teams__AppId"] = Fakes.Str("teamsAppId"),
        ["Teams__AppPassword"] = Fakes.Str("teamsAppPassword"),
        ["Teams__TenantId"] = Fakes.Str("teamsTenantId"),
        ["Teams__OpenIdMetadataUrl"] = Fakes.Str("openIdMetadataUrl"),
        ["Teams__TokenAuthority"] = Fakes.Str("tokenAuthority"),
        ["Graph__BaseUrl"] = Fakes.Str("graphBaseUrl"),
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private async Task CliAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(BuiltOutput.CrmBot);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ConnectionStrings__Crm"] = ConnectionString;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"crm {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
    }

    /// <summary>Before a scenario: no faults, every host running and ready.</summary>
    public async Task EnsureUpAsync()
    {
        await Fakes.ClearFaultsAsync();
        foreach (var host in Hosts.Where(h => !h.Running))
            await host.StartAsync();
        await Task.WhenAll(Hosts.Select(h => h.WaitReadyAsync(TimeSpan.FromSeconds(60))));
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Outbox rows still to be sent (claimed or not).</summary>
    public Task<long> PendingAsync() => ScalarAsync("""SELECT count(*) FROM outbox WHERE "Status" = 'Pending'""");

    /// <summary>Outbox rows marked failed for good: messages lost to the user.</summary>
    public Task<long> FailedAsync() => ScalarAsync("""SELECT count(*) FROM outbox WHERE "Status" = 'Failed'""");

    /// <summary>
    /// Rows still to be sent that the host with this process id holds a claim on: a host's claims
    /// name its process id (<c>{machine}/{pid}/{start}</c>; earlier <c>inline:{machine}:{pid}</c>).
    /// </summary>
    public Task<long> ClaimedByAsync(int pid) =>
        ScalarAsync("""SELECT count(*) FROM outbox WHERE "Status" = 'Pending' AND "LockedBy" ~ ('[:/]' || $1 || '(/|$)')""", pid.ToString());

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var host in Hosts.Where(h => h is not null))
            await host.DisposeAsync();
        if (Fakes is not null) await Fakes.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}

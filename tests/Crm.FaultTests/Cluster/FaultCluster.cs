using System.Diagnostics;
using Crm.FaultTests.Outcomes;
using Npgsql;

namespace Crm.FaultTests.Cluster;

/// <summary>
/// The production topology as <c>scripts/cluster.sh</c> starts it — its own PostgreSQL at default
/// durability, <c>migrate</c>, two chat hosts and a jobs-only host (real Crm.Bot processes), HAProxy in
/// front — talking to the fakes process. Started once for the scenarios of the collection.
/// Chat hosts: <c>Host:Role=chat</c>, <c>Outbox:Dispatch=false</c> (they send their direct answers);
/// the jobs host: <c>Host:Role=jobs</c> with the outbox dispatcher (retries, rows of a dead host).
/// </summary>
public sealed class FaultCluster : IAsyncLifetime
{
    public const string SigningSecret = "fault-harness-signing-secret-0123456789";

    public FakesProcess Fakes { get; private set; } = null!;
    public ClusterScript Script { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    /// <summary>HAProxy in front of the two chat hosts.</summary>
    public string ProxyUrl { get; private set; } = "";
    public HostProcess ChatA { get; private set; } = null!;
    public HostProcess ChatB { get; private set; } = null!;
    public HostProcess Jobs { get; private set; } = null!;
    public string LogDirectory { get; } = Directory.CreateTempSubdirectory("crm-fault-cluster.").FullName;

    public IReadOnlyList<HostProcess> Hosts => [ChatA, ChatB, Jobs];

    public async Task InitializeAsync()
    {
        Fakes = await FakesProcess.StartAsync();
        Script = new ClusterScript(LogDirectory, ScriptEnvironment());
        ProxyUrl = (await Script.RunAsync("start")).Split('\n')[^1];
        ConnectionString = Script.Setting("PG_CONN");
        RunSize.Report("PostgreSQL (the cluster's own, started by scripts/cluster.sh)", await DurabilitySettingsAsync());
        // The demo people and channels the scenarios speak as (the script itself never seeds).
        await CliAsync("seed", "--customers", "0");
        ChatA = new HostProcess("chat1", Script);
        ChatB = new HostProcess("chat2", Script);
        Jobs = new HostProcess("jobs", Script);
    }

    /// <summary>What every call of the script gets: the build the tests run against, and the platforms' settings as an operator's environment.</summary>
    public Dictionary<string, string> ScriptEnvironment() => new()
    {
        ["CRM_CLUSTER_APP"] = Path.GetDirectoryName(BuiltOutput.CrmBot)!,
        ["CRM_CLUSTER_CHAT_ENV"] = "Outbox__Dispatch=false",
        ["CRM_CLUSTER_JOBS_ENV"] = "Outbox__Dispatch=true",
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
        // The drain before a stop is said in each host's log (the rolling restart checks it).
        ["Logging__LogLevel__Crm.Bot.Hosting.ShutdownDrain"] = "Information",
    };

    /// <summary>A fast restart of PostgreSQL (clients are disconnected, the server shuts down cleanly and starts again).</summary>
    public Task RestartPostgresAsync() => Script.RunAsync("restart-postgres");

    /// <summary>The settings that decide what a commit costs, as the server reports them.</summary>
    private async Task<string> DurabilitySettingsAsync()
    {
        var settings = new List<string>();
        foreach (var name in new[] { "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "server_version" })
        {
            await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SHOW {name}", connection);
            settings.Add($"{name}={await command.ExecuteScalarAsync()}");
        }
        return string.Join(", ", settings);
    }

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
        if (Script is not null) await Script.RunAsync("stop");
        if (Fakes is not null) await Fakes.DisposeAsync();
    }
}

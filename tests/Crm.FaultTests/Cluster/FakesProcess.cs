using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.FaultTests.Cluster;

/// <summary>
/// tests/Crm.Fakes as a separate process: the fake Slack Web API and Bot Framework side, and the
/// client of its control API (faults on and off, every post received, Teams tokens).
/// </summary>
public sealed class FakesProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly HttpClient _control;

    private FakesProcess(Process process, JsonObject addresses)
    {
        _process = process;
        Addresses = addresses;
        _control = new HttpClient { BaseAddress = new Uri(Str("control")), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The JSON line the process printed: its URLs and the Teams app's test credentials.</summary>
    public JsonObject Addresses { get; }

    public string Str(string name) => Addresses[name]!.GetValue<string>();

    public static async Task<FakesProcess> StartAsync()
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(BuiltOutput.Fakes);
        var process = Process.Start(info)!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException("The fakes process ended before it printed its addresses.");
        var fakes = new FakesProcess(process, (JsonObject)JsonNode.Parse(line)!);
        await fakes.WarmUpAsync();
        return fakes;
    }

    /// <summary>
    /// Asks each endpoint a host needs at its start once, so that a busy machine's first-call costs
    /// are paid here and not in a host's signing-key fetch (which waits 30 s before trying again).
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var metadata = await http.GetFromJsonAsync<JsonObject>(Str("openIdMetadataUrl"));
        await http.GetStringAsync(metadata!["jwks_uri"]!.GetValue<string>());
        await TeamsTokenAsync();
        await PostsAsync();
    }

    public async Task AddFaultAsync(FaultSpec fault) =>
        (await _control.PostAsJsonAsync("/faults", fault, Json)).EnsureSuccessStatusCode();

    public async Task ClearFaultsAsync() => (await _control.DeleteAsync("/faults")).EnsureSuccessStatusCode();

    public async Task<IReadOnlyList<Post>> PostsAsync(long since = 0) =>
        await _control.GetFromJsonAsync<Post[]>($"/posts?since={since}", Json) ?? [];

    public async Task<string> TeamsTokenAsync() =>
        (await _control.GetFromJsonAsync<JsonObject>("/teams/token", Json))!["token"]!.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        // Closing stdin ends it; a kill makes sure.
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000)) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Demo;
using Crm.FaultTests.Cluster;
using Crm.Testing.Teams;

namespace Crm.FaultTests.Traffic;

/// <summary>
/// Channel messages that mention the bot, posted to a chat host as the Bot Connector does: with a
/// Bot Framework token signed (RS256) by the fakes' published Teams key. Each message starts its own
/// thread, so its answer's conversation id (<c>{channel};messageid={id}</c>) names it.
/// </summary>
public sealed class TeamsMessages(FakesProcess fakes)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };
    private readonly TeamsActivityFactory _activities = new(fakes.Str("connectorServiceUrl"), fakes.Str("teamsAppId"));
    private string? _token;

    public JsonObject Mention(DemoUser user, DemoChannel channel, string text) => _activities.ChannelMention(user, channel, text);

    /// <summary>The key its answer is found by: the thread's conversation id.</summary>
    public static string KeyOf(JsonObject activity) => activity["conversation"]!["id"]!.GetValue<string>();

    /// <summary>
    /// Delivers an activity until a host takes it (2xx): like the Bot Connector, an activity that got
    /// no answer or a 5xx is sent again, unchanged (same id), here to the other host. Returns every status.
    /// </summary>
    public async Task<IReadOnlyList<int>> DeliverAsync(JsonObject activity, IReadOnlyList<HostProcess> hosts, int first, DateTime giveUpAt)
    {
        var statuses = new List<int>();
        for (var attempt = 0; ; attempt++)
        {
            var status = await SendAsync(hosts[(first + attempt) % hosts.Count], activity);
            statuses.Add(status);
            if (status is >= 200 and < 300 or (>= 400 and < 500) || DateTime.UtcNow > giveUpAt) return statuses;
            await Task.Delay(1000);
        }
    }

    /// <summary>The HTTP status of one delivery, 0 when the host could not be reached.</summary>
    public async Task<int> SendAsync(HostProcess host, JsonObject activity)
    {
        _token ??= await fakes.TeamsTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Address, "api/messages")) { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        try
        {
            using var response = await Http.SendAsync(request);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }
}

using Crm.Testing.Logging;
using System.Text.Json.Nodes;
using Crm.Bot.Pipeline;
using Crm.Bot.Platforms.Teams;
using Crm.Domain.Demo;
using Crm.Testing.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Crm.Bot.Tests.Fuzz;

/// <summary>
/// Authenticated Teams activities with odd content (generated commands, card actions whose data is
/// of the wrong type or shape, bent fields) through /api/messages, the real pipeline and PostgreSQL:
/// never a 5xx (in the HTTP status or an invoke answer's statusCode), never an Error log line.
/// </summary>
public sealed class TeamsEdgeFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly CapturedLogs _errors = new();
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsTestHost.StartAsync(services => services.AddSingleton<ILoggerProvider>(_errors));
        await using var db = _host.Database.CreateContext();
        DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task OddActivities_NeverGet5xx_NorReachTheErrorPath()
    {
        var seed = FuzzSeed.Value;
        var random = new Random(seed);
        var odd = new OddJson(random);
        var grammar = new CommandGrammar(new Random(seed), _host.Services.GetRequiredService<CommandCatalog>().All.Select(c => c.Descriptor).ToList());
        var activities = _host.Activities;
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var cases = 0;

        for (var i = 0; i < 200; i++)
        {
            var user = DemoDirectory.Users[random.Next(DemoDirectory.Users.Count)];
            var channel = DemoDirectory.Channels.Where(c => c.Platform == Crm.Domain.Common.Platform.Teams).ElementAt(random.Next(2));
            JsonObject activity;
            switch (random.Next(4))
            {
                case 0:
                    activity = activities.Personal(user, grammar.Next(i));
                    break;
                case 1:
                    activity = activities.ChannelMention(user, channel, grammar.Next(i));
                    break;
                case 2:
                    activity = activities.Submit(user, CardData(random, odd, grammar, i), random.Next(2) == 0 ? channel : null);
                    break;
                default:
                    activity = activities.Execute(user, random.Next(3) == 0 ? "refresh" : "run", CardData(random, odd, grammar, i), random.Next(2) == 0 ? channel : null);
                    odd.Bend(activity, "value.action", "value.action.verb", "value.action.data", "value.trigger");
                    break;
            }
            // Fields the activity types as text get odd text (a number there is refused as not an activity, at the door);
            // the free-form ones (value, entities, channel data) get anything.
            odd.Bend(activity, textOnly: true, "text", "from.name", "conversation.conversationType", "conversation.id", "replyToId", "locale", "name", "id", "recipient.name");
            odd.Bend(activity, "value", "entities", "channelData.channel", "channelData.team");
            cases++;
            using var response = await _host.PostAsync(activity);
            var body = await response.Content.ReadAsStringAsync();
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            var invokeStatus = body.StartsWith('{') && JsonNode.Parse(body) is JsonObject answer && answer["statusCode"] is JsonValue s && s.TryGetValue<int>(out var code) ? code : 0;
            if ((int)response.StatusCode >= 500 || invokeStatus >= 500)
                failures.Add($"{(int)response.StatusCode}/{invokeStatus}: {Shorten(activity.ToJsonString())} → {Shorten(body)}");
        }

        // Answers are sent after the HTTP answer, paced per conversation: wait until the connector has been quiet for a while.
        for (var last = -1; last != _host.Connector.CallCount;)
        {
            last = _host.Connector.CallCount;
            await Task.Delay(3000);
        }
        var unexpected = _host.Connector.Calls.Where(c => c.Body?.ToJsonString().Contains("Something went wrong") == true).Select(c => Shorten(c.Body!.ToJsonString()));
        var problems = failures.Concat(unexpected).Concat(_errors.Errors).ToList();
        output.WriteLine($"{cases} Teams activities (seed {seed}); {_host.Connector.CallCount} connector calls; HTTP statuses " +
                         string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}")));
        // Most activities must get past authentication, or the fuzzer would test nothing but the door.
        Assert.True(statuses.Where(p => p.Key < 300).Sum(p => p.Value) > cases / 2, "Too few activities were accepted to fuzz anything behind the door.");
        Assert.True(problems.Count == 0, $"Seed {seed} (rerun with CRM_FUZZ_SEED={seed}), {problems.Count} problems:\n" + string.Join("\n", problems.Take(20).Select(Shorten)));
    }

    /// <summary>A card action's data: a generated command with input answers, or something that is not that at all.</summary>
    private static JsonObject CardData(Random random, OddJson odd, CommandGrammar grammar, int i)
    {
        var data = new JsonObject
        {
            [AdaptiveCardActions.CommandKey] = random.Next(3) == 0 ? "note {customer} {text}" : grammar.Next(i + 5000),
            [AdaptiveCardActions.InputPrefix + "customer"] = random.Next(2) == 0 ? "acme" : odd.Text(),
            [AdaptiveCardActions.InputPrefix + "text"] = odd.Value(),
        };
        odd.Bend(data, AdaptiveCardActions.CommandKey, AdaptiveCardActions.InputPrefix + "customer");
        if (random.Next(4) == 0) data[odd.Text()] = odd.Value();
        return data;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}

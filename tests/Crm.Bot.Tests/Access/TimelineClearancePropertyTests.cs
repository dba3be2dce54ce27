using System.Text.Json;
using Crm.Bot.Pipeline;
using Crm.Bot.Platforms.Slack;
using Crm.Bot.Platforms.Teams;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Access;

/// <summary>
/// Random timeline entries (random kinds and classes, many sharing an instant) × every role × private
/// answers, private answers asked in each demo channel and posts into each channel (bound to each
/// department, and unbound): the timeline and the card's latest entries, rendered by the real Slack and
/// Teams renderers, show every entry the audience may read and nothing else.
/// </summary>
public sealed class TimelineClearancePropertyTests
{
    public static TheoryData<string> Stores => new() { TestStore.Postgres, TestStore.Sqlite };

    /// <summary>Each class an entry may carry, with product.md's name of it (as <see cref="SpecClasses"/> writes them).</summary>
    private static readonly (FieldClass Class, string Spec)[] Classes =
    [
        (FieldClass.Basic, SpecClasses.Basic), (FieldClass.Contact, SpecClasses.Contact), (FieldClass.Commercial, SpecClasses.Commercial),
        (FieldClass.SupportSummary, SpecClasses.SupportSummary), (FieldClass.Support, SpecClasses.Support),
        (FieldClass.FinancialSummary, SpecClasses.FinancialSummary), (FieldClass.Financial, SpecClasses.Financial),
    ];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RandomEntries_EveryRole_EveryChannel_ShowExactlyWhatTheAudienceMayRead(string store)
    {
        await using var h = await PipelineHarness.CreateAsync(store);
        var random = new Random(store == TestStore.Postgres ? 1512 : 2612);
        var slack = new BlockKitRenderer();
        var teams = new AdaptiveCardRenderer();
        var kinds = Enum.GetValues<TimelineKind>();
        for (var round = 0; round < 2; round++)
        {
            var entries = new List<(long Id, DateTimeOffset At, string Marker, string Spec)>();
            await using (var db = h.Context())
            {
                var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
                await db.Timeline.Where(t => t.CustomerId == acme.Id).ExecuteDeleteAsync();
                var added = new List<(TimelineEntry Entry, string Spec)>();
                for (var i = 0; i < random.Next(15, 60); i++)
                {
                    var (cls, spec) = Classes[random.Next(Classes.Length)];
                    var entry = new TimelineEntry(acme.Id, kinds[random.Next(kinds.Length)], cls, $"TL{round}M{i:000}X", "max@example.com",
                        Platform.Slack, random.Next(2) == 0 ? null : "slack:T0DEMO:C0SALES", null, PipelineHarness.Start.AddMinutes(-random.Next(4)));
                    db.Timeline.Add(entry);
                    added.Add((entry, spec));
                }
                await db.SaveChangesAsync();
                entries = added.Select(a => (a.Entry.Id, a.Entry.At, a.Entry.Text, a.Spec)).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToList();
            }

            foreach (var person in SpecClasses.ByPerson.Keys)
            {
                var places = new List<(string Where, string[] Readable, Func<string, Task<Reply>> Ask)>
                {
                    ("privately", SpecClasses.ByPerson[person], text => h.AskAsync(person, text)),
                };
                foreach (var channel in DemoDirectory.Channels)
                {
                    places.Add(($"privately in #{channel.Name}", SpecClasses.ByPerson[person], text => h.RunAsync(
                        new ChatRequest(Platform.Cli, "cli", channel.ExternalId, person, text, h.NextKey(), ReplyVisibility.Private)
                        {
                            ChannelPlatform = channel.Platform,
                            ChannelWorkspace = channel.Workspace,
                        })));
                    places.Add(($"posted into #{channel.Name} ({channel.Department?.ToString() ?? "unbound"})",
                        SpecClasses.ByPerson[person].Intersect(SpecClasses.ForChannel(channel.Department)).ToArray(),
                        text => h.AskInChannelAsync(person, channel.ExternalId, text)));
                }

                foreach (var (where, readable, ask) in places)
                {
                    var visible = entries.Where(e => readable.Contains(e.Spec)).ToList();
                    var timeline = Rendered(await ask("timeline acme 100"), slack, teams);
                    var card = Rendered(await ask("show acme"), slack, teams);
                    var latest = visible.Take(CustomerView.LatestEntries).Select(e => e.Marker).ToHashSet();
                    foreach (var entry in entries)
                    {
                        var may = readable.Contains(entry.Spec);
                        Assert.True(may == timeline.Contains(entry.Marker, StringComparison.Ordinal),
                            $"round {round}: {person} {where}: timeline {(may ? "misses" : "leaks")} a {entry.Spec} entry");
                        Assert.True(latest.Contains(entry.Marker) == card.Contains(entry.Marker, StringComparison.Ordinal),
                            $"round {round}: {person} {where}: card {(latest.Contains(entry.Marker) ? "misses" : may ? "shows an older" : "leaks")} a {entry.Spec} entry");
                    }
                }
            }
        }
    }

    /// <summary>The reply as both platforms would send it: Block Kit messages and Adaptive Cards, fallback text included.</summary>
    private static string Rendered(Reply reply, BlockKitRenderer slack, AdaptiveCardRenderer teams)
    {
        var blockKit = slack.Render(reply).Select(m => m.ToJson().ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var cards = teams.Render(reply).Select(c => c.ToString());
        return string.Join("\n", blockKit.Concat(cards));
    }
}

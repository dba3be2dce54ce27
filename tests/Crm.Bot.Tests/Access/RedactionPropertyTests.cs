using Crm.Bot.Replies;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Access;

/// <summary>
/// For random roles × channels × records, no value of a field class the audience may not read appears
/// anywhere in the Reply (text, tables, buttons, fallback, JSON).
/// </summary>
public sealed class RedactionPropertyTests
{
    private static readonly Department?[] Channels = [null, Department.Sales, Department.Support, Department.Finance, Department.Marketing, Department.Management];

    [Fact]
    public void RandomRecordsRolesAndChannels_NeverLeakAHiddenClass()
    {
        var random = new Random(20261126);
        var people = SpecClasses.ByPerson.Keys.ToArray();
        for (var run = 0; run < 3000; run++)
        {
            var person = people[random.Next(people.Length)];
            var inChannel = random.Next(3) > 0;
            var department = Channels[random.Next(Channels.Length)];
            var view = RandomView(random, run, out var markers);

            var principal = Principal(person);
            var audience = inChannel ? Audience.Channel("c", department, principal) : Audience.Private(principal);
            var reply = CustomerCard.Build(Redactor.Redact(view, audience), inChannel ? ReplyVisibility.Channel : ReplyVisibility.Private, principal, Crm.Domain.Common.TimeDisplay.Utc);

            var readable = inChannel ? SpecClasses.ByPerson[person].Intersect(SpecClasses.ForChannel(department)).ToArray() : SpecClasses.ByPerson[person];
            var json = reply.ToJson();
            foreach (var (cls, values) in markers)
            {
                foreach (var value in values)
                {
                    var visible = json.Contains(value, StringComparison.Ordinal);
                    if (!readable.Contains(cls))
                        Assert.False(visible, $"run {run}: {person} {(inChannel ? $"in a {department?.ToString() ?? "unbound"} channel" : "privately")} saw {cls} value '{value}'");
                    else
                        Assert.True(visible, $"run {run}: {person} should see {cls} value '{value}'");
                }
            }
        }
    }

    [Fact]
    public async Task EveryRoleInEveryDemoChannel_SeesOnlyWhatBothAllow_ThroughThePipeline()
    {
        await using var h = await PipelineHarness.CreateAsync();
        var acmeMarkers = new Dictionary<string, string[]>
        {
            [SpecClasses.Contact] = ["jane.roe@acme.example", "555 0100"],
            [SpecClasses.Commercial] = ["Acme renewal", "\"ARR\""],
            [SpecClasses.SupportSummary] = ["\"Health\"", "\"Open tickets\""],
            [SpecClasses.Support] = ["Cannot log in to the portal"],
            [SpecClasses.FinancialSummary] = ["\"Overdue\""],
            [SpecClasses.Financial] = ["INV-1001"],
        };
        foreach (var person in SpecClasses.ByPerson.Keys)
        {
            foreach (var channel in DemoDirectory.Channels)
            {
                var reply = await h.AskInChannelAsync(person, channel.ExternalId, "show acme");
                var json = reply.ToJson();
                var readable = SpecClasses.ByPerson[person].Intersect(SpecClasses.ForChannel(channel.Department)).ToArray();
                foreach (var (cls, values) in acmeMarkers)
                    foreach (var value in values)
                        Assert.True(readable.Contains(cls) == json.Contains(value, StringComparison.Ordinal),
                            $"{person} in #{channel.Name}: {cls} value {value} {(readable.Contains(cls) ? "missing" : "leaked")}");
            }
        }
    }

    private static Principal Principal(string email)
    {
        var user = DemoDirectory.FindByEmail(email)!;
        return new Principal(email, user.DisplayName, user.Department.ToString(), [], user.Role, user.Region, null, "test");
    }

    private static CustomerView RandomView(Random random, int run, out Dictionary<string, List<string>> markers)
    {
        string M(string cls) => $"{cls.Replace(" ", "").ToUpperInvariant()}MARK{run}X{random.Next(100000)}";
        markers = SpecClasses.All.Where(c => c != SpecClasses.Basic).ToDictionary(c => c, _ => new List<string>());
        var contacts = Enumerable.Range(0, random.Next(1, 3)).Select(i => new ContactLine($"P-{i}", M(SpecClasses.Contact), M(SpecClasses.Contact), $"{M(SpecClasses.Contact).ToLowerInvariant()}@x.example", null)).ToList();
        foreach (var c in contacts) markers[SpecClasses.Contact].AddRange([c.Name, c.Title!, c.Email!]);
        var deals = Enumerable.Range(0, random.Next(1, 3)).Select(i => new DealLine($"D-{i}", M(SpecClasses.Commercial), "qualify", 1, "USD", null, null)).ToList();
        markers[SpecClasses.Commercial].AddRange(deals.Select(d => d.Name));
        var tickets = Enumerable.Range(0, random.Next(1, 3)).Select(i => new TicketLine($"T-{i}", M(SpecClasses.Support), "high", "open", DateTimeOffset.UnixEpoch)).ToList();
        markers[SpecClasses.Support].AddRange(tickets.Select(t => t.Subject));
        var invoiceId = $"INV-{M(SpecClasses.Financial)}";
        markers[SpecClasses.Financial].Add(invoiceId);
        var health = random.Next(1000, 9999);
        markers[SpecClasses.SupportSummary].Add($"{health}/100");
        var overdue = 10_000_000m + random.Next(1000000);
        markers[SpecClasses.FinancialSummary].Add(ReplyKit.Money(overdue, "EUR"));
        var change = M(SpecClasses.Commercial);
        markers[SpecClasses.Commercial].Add(change);
        return new CustomerView
        {
            Id = "C-1", Name = "Random Co", Region = "EMEA", Owner = "ava@example.com", Lifecycle = "customer",
            Contacts = contacts, Deals = deals, Arr = 1, Currency = "USD",
            Health = health, OpenTickets = tickets.Count, WorstOpenPriority = "high", Tickets = tickets,
            OverdueInvoices = 1, OverdueTotal = overdue, OverdueCurrency = "EUR",
            Invoices = [new InvoiceLine(invoiceId, 5, "EUR", new DateOnly(2026, 1, 1), false, true)],
            Changes = [new ChangeLine(change, FieldClass.Commercial)],
        };
    }
}

using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Handoffs;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Access;

/// <summary>
/// Every role × every verb, allowed or denied as product.md's permission table says. The expectations
/// are written out here from the spec, not derived from the policy under test.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string Rep = "ava@example.com", Manager = "max@example.com", Support = "sam@example.com", Finance = "fiona@example.com",
        Marketing = "mia@example.com", Executive = "eve@example.com", Admin = "root@example.com", Stranger = "nobody@example.com";

    private static readonly string ExportPath = Path.Combine(Path.GetTempPath(), $"crm-matrix-{Guid.NewGuid():N}.csv");

    private static readonly string[] Everyone = [Rep, Manager, Support, Finance, Marketing, Executive, Admin];

    /// <summary>(command, channel or null, the people allowed). Ordered so earlier changes never block later ones.</summary>
    private static readonly (string Command, string? Channel, string[] Allowed)[] Matrix =
    [
        ("help", null, [.. Everyone, Stranger]),
        ("whoami", null, [.. Everyone, Stranger]),
        ("find acme", null, Everyone),
        ("show acme", null, Everyone),
        ("timeline acme", null, Everyone),
        ("share acme", "C0GENERAL", Everyone),
        ("follow acme", "C0GENERAL", Everyone),
        ("unfollow acme", "C0GENERAL", Everyone),
        ("new customer \"Initech Matrix\" domain initech-matrix.example region EMEA", null, [Rep, Manager]),
        ("new contact acme \"Pat Matrix\" pat.matrix@acme.example", null, [Rep, Manager, Support]),
        ("new deal acme \"Matrix expansion\" 30000 close 2027-03-31", null, [Rep, Manager]),
        ("note acme Matrix check", null, [Rep, Manager, Support, Finance, Marketing]),
        ("deal D-1001 amount 50000", null, [Rep, Manager]),
        ("ticket acme \"Matrix problem\" priority high", null, [Support]),
        ("invoice acme", null, [Finance, Executive, Admin]),
        ("invoice INV-1001 paid", null, [Finance]),
        ("task acme @ava call back due fri", null, [Rep, Manager, Support]),
        ("tasks", null, Everyone),
        ("tasks @ava", null, [Rep, Manager, Admin]),
        ("handoff acme to finance Matrix handoff", null, [Rep, Manager, Support]),
        ("handoff H-2001 accept", null, [Support]),
        ("report pipeline", null, [Rep, Manager, Finance, Marketing, Executive, Admin]),
        ("report tickets", null, [Rep, Manager, Support, Marketing, Executive, Admin]),
        ("report overdue", null, [Manager, Finance, Marketing, Executive, Admin]),
        ("report quality", null, Everyone),
        ("digest list", "C0SALES", Everyone),
        ("digest add pipeline weekly mon 09:00 Europe/Berlin", "C0SALES", [Manager, Executive]),
        ("digest add overdue daily 08:00", "19:finance@thread.tacv2", [Finance, Executive]),
        ("audit acme", null, [Manager, Executive, Admin]),
        ($"audit export --since 2026-11-01 {ExportPath}", null, [Admin]),
        ("admin rules", null, [Admin]),
        ("admin channels", null, [Admin]),
        ("admin map group 6a1c0f4e-4444-4000-8000-00000000f00a marketing", null, [Admin]),
        ("admin bind slack:T0DEMO:C0MATRIX marketing", null, [Admin]),
        // Acme C-1001 is owned by ava in EMEA (max's region). The owner change comes last: it takes the customer from ava.
        ("customer acme industry Retail", null, [Rep, Manager, Admin]),
        ("customer acme stage churned", null, [Rep, Manager, Admin]),
        ("customer acme arr 120000", null, [Manager, Admin]),
        ("customer acme health 72", null, [Support, Admin]),
        ("contact jane.roe@acme.example title CTO", null, [Rep, Manager, Support, Admin]),
        ("customer acme owner max@example.com", null, [Manager, Admin]),
    ];

    public static TheoryData<string> People => new(Everyone.Append(Stranger));

    [Theory]
    [MemberData(nameof(People))]
    public async Task EveryVerb_IsAllowedOrDenied_AsProductSays(string person)
    {
        await using var h = await PipelineHarness.CreateAsync();
        await SeedHandoffToSupportAsync(h);
        var wrong = new List<string>();
        foreach (var (command, channel, allowed) in Matrix)
        {
            var reply = channel is null ? await h.AskAsync(person, command) : await h.AskInChannelAsync(person, channel, command);
            var denied = reply.Tone == ReplyTone.Denied;
            var expectAllowed = allowed.Contains(person);
            if (denied == expectAllowed)
                wrong.Add($"{command}: expected {(expectAllowed ? "allowed" : "denied")}, got {reply.Tone}: {reply.FallbackText}");
            else if (expectAllowed && reply.Tone == ReplyTone.Error)
                wrong.Add($"{command}: allowed but failed: {reply.FallbackText}");
            else if (denied && !reply.FallbackText.Contains("Allowed for") && !reply.FallbackText.Contains("only run help and whoami"))
                wrong.Add($"{command}: the denial does not say which role would allow it: {reply.FallbackText}");
        }
        Assert.True(wrong.Count == 0, $"{person}:\n" + string.Join("\n", wrong));

        await using var db = h.Db();
        var expectedDenials = Matrix.Count(m => !m.Allowed.Contains(person));
        Assert.Equal(expectedDenials, await db.Audit.CountAsync(a => a.Outcome == AuditOutcome.Denied && a.Action == AuditAction.Denial));
    }

    [Fact]
    public async Task SalesRep_MayNotChangeSomeoneElsesDeal_ManagerOfTheRegionMay()
    {
        await using var h = await PipelineHarness.CreateAsync();
        Assert.Equal(ReplyTone.Success, (await h.AskAsync(Manager, "deal D-1001 owner max@example.com")).Tone);

        var rep = await h.AskAsync(Rep, "deal D-1001 stage won");
        Assert.Equal(ReplyTone.Denied, rep.Tone);
        Assert.Contains("sales-manager", rep.FallbackText);

        Assert.Equal(ReplyTone.Success, (await h.AskAsync(Manager, "deal D-1001 stage won")).Tone);
    }

    [Fact]
    public async Task SalesManager_MayNotChangeDealsOutsideTheirRegion()
    {
        await using var h = await PipelineHarness.CreateAsync();
        Assert.Equal(ReplyTone.Success, (await h.AskAsync(Rep, "new customer \"Amer Co\" domain amer.example region AMER")).Tone);
        Assert.Equal(ReplyTone.Success, (await h.AskAsync(Rep, "new deal \"Amer Co\" \"First order\" 1000")).Tone);

        var reply = await h.AskAsync(Manager, "deal D-1002 amount 2000");
        Assert.Equal(ReplyTone.Denied, reply.Tone);
        Assert.Contains("region AMER", reply.FallbackText);
    }

    [Fact]
    public async Task Handoff_IsDecidedOnlyByTheTargetDepartment()
    {
        await using var h = await PipelineHarness.CreateAsync();
        Assert.Equal(ReplyTone.Success, (await h.AskAsync(Support, "handoff acme to sales Renewal questions")).Tone);

        var finance = await h.AskAsync(Finance, "handoff H-1001 accept");
        Assert.Equal(ReplyTone.Denied, finance.Tone);
        Assert.Contains("only Sales's roles", finance.FallbackText);

        Assert.Equal(ReplyTone.Success, (await h.AskAsync(Rep, "handoff H-1001 decline busy this week")).Tone);
    }

    private static async Task SeedHandoffToSupportAsync(PipelineHarness h)
    {
        await using var db = h.Db();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        db.Handoffs.Add(new Handoff(2001, acme.Id, Department.Sales, Department.Support, "seeded", Rep, PipelineHarness.Start));
        await db.SaveChangesAsync();
    }
}

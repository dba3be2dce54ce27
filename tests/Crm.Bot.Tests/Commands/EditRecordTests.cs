using Crm.Bot.Tests.Pipeline;
using Crm.Bot.TryIt;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Customers;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Commands;

/// <summary>
/// `customer` and `contact` change any field from chat against the demo data (Acme Corporation C-1001,
/// owner ava, region EMEA; contact Jane Roe P-1001): who may change what, validation, audit, the
/// timeline with each field's class, followers at their clearance, retried deliveries, the card's Edit form.
/// </summary>
public sealed class EditRecordTests : IAsyncLifetime
{
    private const string Ava = "ava@example.com", Max = "max@example.com", Sam = "sam@example.com", Fiona = "fiona@example.com",
        Mia = "mia@example.com", Eve = "eve@example.com", Root = "root@example.com";

    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(Ava, "customer acme industry Retail", "industry", "Retail", FieldClass.Basic)]
    [InlineData(Ava, "customer acme segment Mid-Market", "segment", "Mid-Market", FieldClass.Basic)]
    [InlineData(Ava, "customer acme stage churned", "stage", "Churned", FieldClass.Basic)]
    [InlineData(Ava, "customer acme region AMER", "region", "AMER", FieldClass.Basic)]
    [InlineData(Ava, "customer acme name \"Acme Corp\"", "name", "Acme Corp", FieldClass.Basic)]
    [InlineData(Ava, "customer acme domain https://acme-corp.example", "domain", "acme-corp.example", FieldClass.Basic)]
    [InlineData(Max, "customer acme owner max@example.com", "owner", "max@example.com", FieldClass.Basic)]
    [InlineData(Max, "customer acme owner @max", "owner", "max@example.com", FieldClass.Basic)]
    [InlineData(Max, "customer acme arr 120k", "arr", "120000", FieldClass.Commercial)]
    [InlineData(Sam, "customer acme health 72", "health", "72", FieldClass.Support)]
    [InlineData(Root, "customer C-1001 health 0", "health", "0", FieldClass.Support)]
    [InlineData(Root, "customer C-1001 owner max@example.com", "owner", "max@example.com", FieldClass.Basic)]
    public async Task EachField_IsChanged_Audited_AndOnTheTimelineWithItsClass(string person, string command, string field, string expected, FieldClass fieldClass)
    {
        var reply = await _h.AskAsync(person, command);
        Assert.True(reply.Tone == ReplyTone.Success, reply.FallbackText);

        await using var db = _h.Db();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        var stored = field switch
        {
            "industry" => acme.Industry, "segment" => acme.Segment, "stage" => acme.Lifecycle.ToString(), "region" => acme.Region,
            "name" => acme.Name, "domain" => acme.Domain, "owner" => acme.OwnerEmail, "arr" => acme.Arr.ToString("0.##"),
            "health" => acme.HealthScore?.ToString(), _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        Assert.Equal(expected, stored);
        var entry = await db.Timeline.SingleAsync(t => t.Kind == TimelineKind.FieldChange);
        Assert.Equal((fieldClass, person, "C-1001"), (entry.FieldClass, entry.ActorEmail, entry.RecordRef));
        var audit = await db.Audit.SingleAsync(a => a.Action == AuditAction.Change && a.Outcome == AuditOutcome.Allowed && a.RecordRef == "C-1001");
        Assert.StartsWith(field + ":", audit.Detail);
    }

    [Theory]
    [InlineData(Ava, "customer acme owner max@example.com", "owner's manager", "sales-manager of region EMEA")]
    [InlineData(Ava, "customer acme arr 1", "ARR", "sales-manager of region EMEA")]
    [InlineData(Ava, "customer acme health 70", "support data", "support-agent")]
    [InlineData(Max, "customer acme health 70", "support data", "support-agent")]
    [InlineData(Sam, "customer acme stage lead", "may not change the stage", "sales-manager of region EMEA")]
    [InlineData(Sam, "customer acme arr 1", "ARR", "crm-admin")]
    [InlineData(Fiona, "customer acme arr 1", "finance-analyst may not change customers", "Allowed for")]
    [InlineData(Mia, "customer acme industry Retail", "marketing may not change customers", "Allowed for")]
    [InlineData(Eve, "customer acme owner max@example.com", "executive may not change customers", "Allowed for")]
    [InlineData(Eve, "contact jane.roe@acme.example title CTO", "executive may not change contacts", "Allowed for")]
    [InlineData(Fiona, "contact P-1001 phone 555 0101", "finance-analyst may not change contacts", "Allowed for")]
    public async Task WhoMayNot_IsDeniedWithWhy_AndWhichRoleMay(string person, string command, string why, string whoMay)
    {
        var reply = await _h.AskAsync(person, command);
        Assert.Equal(ReplyTone.Denied, reply.Tone);
        Assert.Contains(why, reply.FallbackText);
        Assert.Contains(whoMay, reply.FallbackText);
        await using var db = _h.Db();
        Assert.False(await db.Timeline.AnyAsync(t => t.Kind == TimelineKind.FieldChange || t.Kind == TimelineKind.ContactChange));
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task SalesRep_ChangesOnlyCustomersTheyOwn_ManagerOnlyInTheirRegion()
    {
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Max, "new customer \"Amer Co\" domain amer.example region AMER")).Tone);

        var rep = await _h.AskAsync(Ava, "customer \"Amer Co\" industry Retail");
        Assert.Equal(ReplyTone.Denied, rep.Tone);
        Assert.Contains("owned by max@example.com", rep.FallbackText);

        var manager = await _h.AskAsync(Max, "customer \"Amer Co\" owner ava@example.com");
        Assert.Equal(ReplyTone.Denied, manager.Tone);
        Assert.Contains("region AMER", manager.FallbackText);

        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Root, "customer \"Amer Co\" owner ava@example.com")).Tone);
        // Now ava owns it: a rep may change the basic fields of customers they own.
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Ava, "customer \"Amer Co\" industry Retail")).Tone);
    }

    [Theory]
    [InlineData(Ava, "customer acme stage won", "'won' is not a lifecycle stage; stages are lead, prospect, customer, churned")]
    [InlineData(Sam, "customer acme health 101", "Health score must be between 0 and 100 (got 101)")]
    [InlineData(Sam, "customer acme health high", "not a whole number; give one from 0 to 100")]
    [InlineData(Max, "customer acme arr -5", "ARR must be zero or more (got -5)")]
    [InlineData(Max, "customer acme arr lots", "is not an amount")]
    [InlineData(Ava, "customer acme domain \"not a domain\"", "is not valid")]
    [InlineData(Max, "customer acme owner nobody", "I do not know anyone called '@nobody'")]
    [InlineData(Ava, "customer acme colour blue", "A customer has no field 'colour'. Fields you may change here: name, domain, industry, segment, region, stage.")]
    [InlineData(Sam, "customer acme colour blue", "Fields you may change here: health.")]
    [InlineData(Ava, "customer acme stage", "What should the stage of C-1001 be?")]
    [InlineData(Ava, "customer acme", "Fields you may change here: name, domain, industry, segment, region, stage.")]
    [InlineData(Ava, "contact jane.roe@acme.example email jane@", "not a valid address")]
    [InlineData(Ava, "contact jane.roe@acme.example phone call-me", "Phone 'call-me' is not valid")]
    [InlineData(Ava, "contact jane.roe@acme.example shoe 42", "A contact has no field 'shoe'. Fields you may change: name, title, email, phone.")]
    [InlineData(Ava, "contact nobody@acme.example title CTO", "There is no contact nobody@acme.example")]
    public async Task InvalidValues_SayWhatWasWrong_AndHowToDoItRight_AndChangeNothing(string person, string command, string expected)
    {
        var reply = await _h.AskAsync(person, command);
        Assert.NotEqual(ReplyTone.Success, reply.Tone);
        Assert.Contains(expected, reply.FallbackText);
        await using var db = _h.Db();
        Assert.False(await db.Timeline.AnyAsync(t => t.Kind == TimelineKind.FieldChange || t.Kind == TimelineKind.ContactChange));
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        Assert.Equal((LifecycleStage.Customer, 62, 48_000m, "acme.example"), (acme.Lifecycle, acme.HealthScore, acme.Arr, acme.Domain));
    }

    [Fact]
    public async Task ADomainOrAContactEmailAlreadyTaken_IsRefused_NamingTheRecordThatHasIt()
    {
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Ava, "new customer \"Globex Ltd\" domain globex.example region EMEA")).Tone);
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Ava, "new contact globex \"Hank Scorpio\" hank@globex.example")).Tone);

        var domain = await _h.AskAsync(Ava, "customer acme domain globex.example");
        Assert.Equal(ReplyTone.Warning, domain.Tone);
        Assert.Contains("already belongs to Globex Ltd (C-1002)", domain.FallbackText);

        var email = await _h.AskAsync(Ava, "contact jane.roe@acme.example email hank@globex.example");
        Assert.Equal(ReplyTone.Warning, email.Tone);
        Assert.Contains("already the e-mail of Hank Scorpio (P-1002) at Globex Ltd", email.FallbackText);

        await using var db = _h.Db();
        Assert.Equal("acme.example", (await db.Customers.SingleAsync(c => c.Number == 1001)).Domain);
        Assert.Equal("jane.roe@acme.example", (await db.Contacts.SingleAsync(c => c.Number == 1001)).Email);
    }

    [Fact]
    public async Task TheSameValue_SaysSo_AndWritesNothing()
    {
        var reply = await _h.AskAsync(Ava, "customer acme stage customer");
        Assert.Equal(ReplyTone.Normal, reply.Tone);
        Assert.Contains("already has stage customer; nothing changed", reply.FallbackText);
        var contact = await _h.AskAsync(Sam, "contact P-1001 title \"Head of Operations\"");
        Assert.Contains("already has that title; nothing changed", contact.FallbackText);

        await using var db = _h.Db();
        Assert.False(await db.Timeline.AnyAsync(t => t.Kind == TimelineKind.FieldChange || t.Kind == TimelineKind.ContactChange));
        Assert.False(await db.Audit.AnyAsync(a => a.Action == AuditAction.Change));
    }

    [Fact]
    public async Task ANoOpBySomeoneWhoMayNotChangeTheField_IsDenied()
    {
        var reply = await _h.AskAsync(Ava, "customer acme health 62");
        Assert.Equal(ReplyTone.Denied, reply.Tone);
    }

    [Fact]
    public async Task ContactFields_AreChanged_OnTheTimelineAsContactData()
    {
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Ava, "contact jane.roe@acme.example title \"CTO\"")).Tone);
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Sam, "contact jane.roe@acme.example phone \"+1 555 0101\"")).Tone);
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Max, "contact JANE.ROE@acme.example email jane@acme.example")).Tone);
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Root, "contact jane@acme.example name \"Jane Roe-Smith\"")).Tone);

        await using var db = _h.Db();
        var jane = await db.Contacts.SingleAsync(c => c.Number == 1001);
        Assert.Equal(("Jane Roe-Smith", "CTO", "jane@acme.example", "+1 555 0101"), (jane.Name, jane.Title, jane.Email, jane.Phone));
        var entries = await db.Timeline.Where(t => t.Kind == TimelineKind.ContactChange).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Equal((FieldClass.Contact, "P-1001"), (e.FieldClass, e.RecordRef)));
        Assert.Contains("title Head of Operations → CTO", entries[0].Text);
        Assert.Equal(4, await db.Audit.CountAsync(a => a.Action == AuditAction.Change && a.RecordRef == "P-1001"));
    }

    [Fact]
    public async Task SeveralFieldsAtOnce_OnlyChangedOnesAreWritten()
    {
        var reply = await _h.AskAsync(Max, "customer C-1001 set name=Acme Corporation stage=prospect industry=Retail Trade owner=max@example.com arr=\"60000\"");
        Assert.True(reply.Tone == ReplyTone.Success, reply.FallbackText);
        Assert.Contains("1 other field(s) already had the value given", reply.FallbackText);

        await using var db = _h.Db();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        Assert.Equal(("Acme Corporation", LifecycleStage.Prospect, "Retail Trade", "max@example.com", 60_000m),
            (acme.Name, acme.Lifecycle, acme.Industry, acme.OwnerEmail, acme.Arr));
        var classes = await db.Timeline.Where(t => t.Kind == TimelineKind.FieldChange).Select(t => t.FieldClass).ToListAsync();
        Assert.Equal(4, classes.Count);
        Assert.Equal(1, classes.Count(c => c == FieldClass.Commercial));
    }

    [Theory]
    [InlineData("customer C-1001 set name=\"Acme arr=1 Ltd\" industry=Retail", "Acme arr=1 Ltd", "Retail")]
    [InlineData("customer C-1001 set name=Acme Group Ltd industry=\u201cRetail Trade\u201d", "Acme Group Ltd", "Retail Trade")]
    [InlineData("customer C-1001 set industry=Retail x=y name=Acme", null, null)]
    [InlineData("customer C-1001 set industry=Retail-x=y", "Acme Corporation", "Retail-x=y")]
    [InlineData("customer C-1001 set name={name} industry=Retail", "Acme Corporation", "Retail")]
    [InlineData("customer C-1001 set name=\"Acme \\\"Labs\\\" Ltd\" industry=\"Retail owner=max@example.com\"", "Acme \"Labs\" Ltd", "Retail owner=max@example.com")]
    [InlineData("customer C-1001 set industry=\"back\\\\slash \\\"q\\\"\" name=Acme", "Acme", "back\\slash \"q\"")]
    public async Task SetPairs_ValuesRunToTheNextField_OrToTheirClosingQuote(string command, string? name, string? industry)
    {
        var reply = await _h.AskAsync(Ava, command);
        await using var db = _h.Db();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        if (name is null)
        {
            Assert.Contains("A customer has no field 'x'", reply.FallbackText);
            Assert.Equal("Manufacturing", acme.Industry);
            return;
        }
        Assert.True(reply.Tone == ReplyTone.Success, reply.FallbackText);
        Assert.Equal((name, industry), (acme.Name, acme.Industry));
    }

    [Theory]
    [InlineData(Ava, "customer C-1001 set stage=prospect health=70", ReplyTone.Denied)]
    [InlineData(Max, "customer C-1001 set stage=prospect arr=-1", ReplyTone.Error)]
    [InlineData(Max, "customer C-1001 set industry=Retail stage=won", ReplyTone.Error)]
    [InlineData(Max, "customer C-1001 set industry=Retail colour=red", ReplyTone.Warning)]
    [InlineData(Max, "customer C-1001 set industry=Retail industry=Energy", ReplyTone.Error)]
    public async Task SeveralFieldsAtOnce_AreAllOrNothing(string person, string command, ReplyTone tone)
    {
        var reply = await _h.AskAsync(person, command);
        Assert.True(reply.Tone == tone, reply.FallbackText);
        await using var db = _h.Db();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        Assert.Equal((LifecycleStage.Customer, "Manufacturing", 62), (acme.Lifecycle, acme.Industry, acme.HealthScore));
        Assert.False(await db.Timeline.AnyAsync(t => t.Kind == TimelineKind.FieldChange));
    }

    [Fact]
    public async Task ARepeatedDelivery_IsAppliedOnce_AndGetsTheSameAnswer()
    {
        var first = await _h.AskAsync(Max, "customer acme arr 50000", key: "edit-1");
        var again = await _h.AskAsync(Max, "customer acme arr 50000", key: "edit-1");
        Assert.Equal(ReplyTone.Success, first.Tone);
        Assert.Equal(first.FallbackText, again.FallbackText);

        // The same key after another change must not apply the stored command again either.
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Root, "customer acme arr 70000")).Tone);
        await _h.AskAsync(Max, "customer acme arr 50000", key: "edit-1");

        await using var db = _h.Db();
        Assert.Equal(70_000m, (await db.Customers.SingleAsync(c => c.Number == 1001)).Arr);
        Assert.Equal(2, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.FieldChange));
        Assert.Equal(2, await db.Audit.CountAsync(a => a.Action == AuditAction.Change && a.Outcome == AuditOutcome.Allowed));
    }

    [Fact]
    public async Task Followers_AreTold_EachChannelOnlyTheChangesItMayRead()
    {
        await _h.SlackAsync("U0MAX", "C0SALES", "follow acme");
        await _h.SlackAsync("U0MIA", "C0MKT", "follow acme");

        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Max, "customer acme set industry=Retail arr=99000", key: "edit-f")).Tone);
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Sam, "customer acme health 35", key: "edit-h")).Tone);

        await using var db = _h.Db();
        var messages = await db.Outbox.Where(o => o.Purpose == "follow").OrderBy(o => o.Id).ToListAsync();
        Assert.Equal(4, messages.Count);
        string Shown(string channel, string key) =>
            Reply.FromJson(messages.Single(m => m.Recipient == channel && m.IdempotencyKey.StartsWith(key)).ReplyJson).FallbackText;
        var salesArr = Shown("C0SALES", "cli:cli:edit-f");
        var marketingArr = Shown("C0MKT", "cli:cli:edit-f");
        var salesHealth = Shown("C0SALES", "cli:cli:edit-h");
        Assert.Contains("Industry Manufacturing → Retail", salesArr);
        Assert.Contains("ARR 48,000 USD → 99,000 USD", salesArr);
        Assert.Contains("Industry Manufacturing → Retail", marketingArr);
        Assert.DoesNotContain("99,000", marketingArr);
        Assert.Contains("A change to commercial data (not shown to this audience)", marketingArr);
        // Health changes are support data: a sales channel reads only the support summary.
        Assert.DoesNotContain("Health 62 → 35", salesHealth);
        Assert.Contains("A change to support data (not shown to this audience)", salesHealth);
        Assert.All(messages, m => Assert.Equal(OutboxTargetKind.Channel, m.TargetKind));
    }

    [Theory]
    [InlineData(Ava, "name,domain,industry,segment,region,stage")]
    [InlineData(Max, "name,domain,industry,segment,region,owner,stage,arr")]
    [InlineData(Sam, "health")]
    [InlineData(Root, "name,domain,industry,segment,region,owner,stage,health,arr")]
    [InlineData(Fiona, "")]
    [InlineData(Mia, "")]
    [InlineData(Eve, "")]
    public async Task TheCardsEditForm_HasExactlyTheFieldsThisPersonMayChange_PreFilled(string person, string expected)
    {
        var card = await _h.AskAsync(person, "show acme");
        var edit = EditButton(card);
        if (expected.Length == 0)
        {
            Assert.Null(edit);
            return;
        }
        Assert.NotNull(edit);
        var inputs = edit.Form!.Inputs;
        Assert.Equal(expected, string.Join(',', inputs.Select(i => i.Id)));
        var initial = inputs.ToDictionary(i => i.Id, i => i.Initial);
        if (initial.ContainsKey("stage"))
        {
            Assert.Equal("customer", initial["stage"]);
            Assert.Equal(["lead", "prospect", "customer", "churned"], inputs.Single(i => i.Id == "stage").Choices);
        }
        if (initial.ContainsKey("health")) Assert.Equal("62", initial["health"]);
        if (initial.ContainsKey("arr")) Assert.Equal("48000", initial["arr"]);
        if (initial.ContainsKey("owner")) Assert.Equal(Ava, initial["owner"]);
        if (initial.ContainsKey("domain")) Assert.Equal("acme.example", initial["domain"]);
        Assert.StartsWith("customer C-1001 set ", edit.Command);
    }

    [Fact]
    public async Task ACardPostedIntoAChannel_OffersOnlyFieldsTheChannelMayRead()
    {
        // #marketing reads basic only: max's form there must not carry the ARR.
        var card = await _h.AskInChannelAsync(Max, "C0MKT", "show acme");
        var edit = EditButton(card)!;
        Assert.Equal("name,domain,industry,segment,region,owner,stage", string.Join(',', edit.Form!.Inputs.Select(i => i.Id)));
        Assert.DoesNotContain("48000", card.ToJson());

        // The support channel in Teams does not read commercial data; root's form there has health but no ARR.
        var support = await _h.AskInChannelAsync(Root, "19:support@thread.tacv2", "show acme");
        Assert.Equal("name,domain,industry,segment,region,owner,stage,health", string.Join(',', EditButton(support)!.Form!.Inputs.Select(i => i.Id)));
    }

    [Fact]
    public async Task TheConsoleEditForm_KeepsAnUntouchedNameWithQuotes_AndAnIndustryHoldingOwnerEquals()
    {
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Max, "customer C-1001 name \"Acme \\\"Labs\\\" Ltd\"")).Tone);
        var edit = EditButton(await _h.AskAsync(Max, "show acme"))!;
        var answers = edit.Form!.Inputs.ToDictionary(i => i.Id, i => i.Initial ?? "");
        Assert.Equal("Acme \"Labs\" Ltd", answers["name"]);
        answers["industry"] = "Retail owner=max@example.com";
        var line = FormCommand.Fill(edit.Command, edit.Form, answers, out var problem);
        Assert.True(line is not null, problem);

        var reply = await _h.AskAsync(Max, line);
        Assert.True(reply.Tone == ReplyTone.Success, reply.FallbackText);
        await using var db = _h.Db();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        Assert.Equal(("Acme \"Labs\" Ltd", "Retail owner=max@example.com", Ava), (acme.Name, acme.Industry, acme.OwnerEmail));
    }

    [Fact]
    public async Task SubmittingTheEditForm_ChangesOnlyWhatWasChanged()
    {
        var edit = EditButton(await _h.AskAsync(Max, "show acme"))!;
        var answers = edit.Form!.Inputs.ToDictionary(i => i.Id, i => i.Initial ?? "");
        answers["stage"] = "churned";
        answers["name"] = "Acme Corp International";
        answers["arr"] = "0";
        var line = FormCommand.Fill(edit.Command, edit.Form, answers, out var problem);
        Assert.True(line is not null, problem);

        var reply = await _h.AskAsync(Max, line);
        Assert.True(reply.Tone == ReplyTone.Success, reply.FallbackText);
        await using var db = _h.Db();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        Assert.Equal(("Acme Corp International", LifecycleStage.Churned, 0m, "Manufacturing", Ava),
            (acme.Name, acme.Lifecycle, acme.Arr, acme.Industry, acme.OwnerEmail));
        Assert.Equal(3, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.FieldChange));
    }

    [Fact]
    public async Task ACardsFormClickedBySomeoneElse_ChangesOnlyWhatTheyMayChange()
    {
        // max's form names owner and ARR; ava may submit it as long as she changes only her own fields.
        var edit = EditButton(await _h.AskAsync(Max, "show acme"))!;
        var answers = edit.Form!.Inputs.ToDictionary(i => i.Id, i => i.Initial ?? "");
        answers["industry"] = "Retail";
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync(Ava, FormCommand.Fill(edit.Command, edit.Form, answers, out _)!)).Tone);

        answers["arr"] = "1";
        var denied = await _h.AskAsync(Ava, FormCommand.Fill(edit.Command, edit.Form, answers, out _)!);
        Assert.Equal(ReplyTone.Denied, denied.Tone);
        await using var db = _h.Db();
        Assert.Equal(48_000m, (await db.Customers.SingleAsync(c => c.Number == 1001)).Arr);
    }

    private static ReplyButton? EditButton(Reply card) =>
        card.Blocks.OfType<ActionsBlock>().SelectMany(a => a.Buttons).SingleOrDefault(b => b.Label == "Edit");
}

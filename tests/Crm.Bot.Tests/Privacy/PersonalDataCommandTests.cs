using System.Text;
using System.Text.Json;
using Crm.Bot.Commands.Admin;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Files;
using Crm.Domain.Idempotency;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Reports.Exports;
using Crm.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Privacy;

/// <summary>
/// A data subject's rights, through the real pipeline on PostgreSQL: `admin export person` finds every
/// row about the person (and writes the bundle from the command line), `admin erase person` leaves no
/// trace of them in any table — the append-only audit included — but a tombstone.
/// </summary>
public sealed class PersonalDataCommandTests : IAsyncLifetime
{
    private const string Jane = "jane.roe@acme.example";
    private const string Admin = "root@example.com";
    private const string ResponseUrl = "https://hooks.slack.com/commands/T0DEMO/42/QsecretReplyToken7";
    private PipelineHarness _h = null!;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"crm-export-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        _h = await PipelineHarness.CreateAsync(s => s.AddPersonalDataTools());
        // Jane is a contact of Acme (demo records). She is named in a note, a task, a stored message, a stored answer and the audit.
        await _h.AskAsync("ava@example.com", "note acme Called Jane Roe about the renewal; she wants a quote");
        await using var db = _h.Db();
        var acme = await db.Customers.SingleAsync(c => c.Name == "Acme Corporation");
        db.Tasks.Add(new CrmTask(9001, acme.Id, "ava@example.com", $"Send the quote to {Jane}", PipelineHarness.Start.AddDays(2), "ava@example.com"));
        db.Outbox.Add(new OutboxMessage
        {
            IdempotencyKey = "privacy:card", Platform = Platform.Slack, Workspace = "T0DEMO", TargetKind = OutboxTargetKind.Channel, Recipient = "C0SALES",
            ReplyJson = Reply.Text($"Acme contact: Jane Roe <{Jane}>").ToJson(), Purpose = "share", Status = OutboxStatus.Sent,
            CreatedAt = PipelineHarness.Start, NextAttemptAt = PipelineHarness.Start,
        });
        db.Outbox.Add(new OutboxMessage
        {
            IdempotencyKey = "privacy:answer-url", Platform = Platform.Slack, Workspace = "T0DEMO", TargetKind = OutboxTargetKind.ReplyUrl,
            Recipient = $"U0AVA {ResponseUrl}", ReplyJson = Reply.Text($"Jane Roe's phone: +1 555 0100 ({Jane})").ToJson(), Purpose = "answer",
            Status = OutboxStatus.Sent, CreatedAt = PipelineHarness.Start, NextAttemptAt = PipelineHarness.Start,
        });
        // Files of replies: an export naming her (CSV, and a workbook, whose cells the database cannot read), a chart whose
        // alt text names her, and a file about someone else.
        db.Files.AddRange(
            Stored("contacts.csv", "text/csv", Encoding.UTF8.GetBytes("customer,contact\nAcme Corporation,Jane Roe\n")),
            Stored("contacts.xlsx", ReportExport.MediaTypes[ExportFormat.Xlsx],
                ReportXlsx.Write([new ExportTable("Contacts", ["name", "email"], [["Someone Else", "x@acme.example"], ["Acme contact", Jane]])])),
            Stored("tasks-chart.png", "image/png", [0x89, 0x50, 0x4E, 0x47], $"Open tasks by assignee. {Jane}: 2; ava@example.com: 1."),
            Stored("other.csv", "text/csv", Encoding.UTF8.GetBytes("customer,contact\nGlobex Ltd,Max Mustermann\n")));
        db.ProcessedRequests.Add(new ProcessedRequest { Key = "privacy:answer", At = PipelineHarness.Start, ResultJson = Reply.Text($"Contact: {Jane}").ToJson() });
        db.Audit.Add(new AuditRecord
        {
            At = PipelineHarness.Start, Actor = "ava@example.com", Platform = Platform.Slack, Command = $"new contact acme Jane Roe {Jane}",
            Action = AuditAction.Change, Outcome = AuditOutcome.Allowed, Detail = $"contact {Jane} added",
        });
        await db.SaveChangesAsync();
    }

    private static StoredFile Stored(string name, string mediaType, byte[] content, string? altText = null) => new()
    {
        Id = Guid.NewGuid(), Name = name, MediaType = mediaType, Content = content, AltText = altText, Audience = "C0SALES",
        CreatedAt = PipelineHarness.Start, ExpiresAt = PipelineHarness.Start.AddDays(7),
    };

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Export_FromTheCommandLine_WritesEveryKindOfRowAboutThePerson()
    {
        var reply = await _h.AskAsync(Admin, $"admin export person {Jane} --out {_dir}");

        Assert.Equal(ReplyTone.Success, reply.Tone);
        Assert.Contains("1 contacts", reply.FallbackText);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "person.json")));
        var root = json.RootElement;
        Assert.Equal(Jane, root.GetProperty("contacts")[0].GetProperty("email").GetString());
        Assert.Contains(root.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("text").GetString()!.Contains("Jane Roe"));
        Assert.Contains(root.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("text").GetString()!.Contains(Jane));
        Assert.Contains(root.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString()!.Contains(Jane));
        Assert.Contains(root.GetProperty("stored-answers").EnumerateArray(), m => m.GetProperty("text").GetString()!.Contains(Jane));
        Assert.Contains(root.GetProperty("audit").EnumerateArray(), a => a.GetProperty("detail").GetString()!.Contains(Jane));
        Assert.Equal(["contacts.csv", "contacts.xlsx", "tasks-chart.png"],
            root.GetProperty("stored-files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order());
        foreach (var csv in new[] { "contacts.csv", "timeline.csv", "tasks.csv", "messages.csv", "stored-answers.csv", "audit.csv" })
            Assert.True(File.Exists(Path.Combine(_dir, csv)), $"{csv} was written");
        Assert.Contains("+1 555 0100", await File.ReadAllTextAsync(Path.Combine(_dir, "contacts.csv")));
        // The answer sent through a reply address is exported, the address (a credential) is not.
        Assert.Equal(2, root.GetProperty("messages").GetArrayLength());
        foreach (var file in Directory.EnumerateFiles(_dir))
            Assert.DoesNotContain("QsecretReplyToken7", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

        await using var db = _h.Db();
        Assert.Contains(await db.Audit.Where(a => a.Action == AuditAction.Export).Select(a => a.Actor).ToListAsync(), a => a == Admin);
    }

    [Fact]
    public async Task Export_InChat_IsASummaryOnly_AndNotForOthers()
    {
        var chat = await _h.SlackAsync("U0ROOT", null, $"admin export person {Jane} --out {_dir}");
        Assert.Contains("only from the command line", chat.FallbackText);
        Assert.False(Directory.Exists(_dir));

        var denied = await _h.AskAsync("ava@example.com", $"admin export person {Jane}");
        Assert.Equal(ReplyTone.Denied, denied.Tone);
        Assert.DoesNotContain("+1 555 0100", denied.FallbackText);

        var bad = await _h.AskAsync(Admin, "admin export person not-an-address");
        Assert.Contains("is not an e-mail address", bad.FallbackText);
    }

    [Fact]
    public async Task Erase_RemovesThePersonFromEveryTable_AndTheAuditKeepsOnlyATombstone()
    {
        var preview = await _h.AskAsync(Admin, $"admin erase person {Jane}");
        Assert.Contains("confirm", preview.FallbackText);
        await using (var db = _h.Db())
            Assert.Equal(1, await db.Contacts.CountAsync(c => c.Email == Jane)); // the preview changed nothing

        var done = await _h.AskAsync(Admin, $"admin erase person {Jane} confirm");
        Assert.Equal(ReplyTone.Success, done.Tone);
        Assert.DoesNotContain(Jane, done.FallbackText);

        await using var check = _h.Db();
        Assert.Empty(await check.Contacts.Where(c => c.Email == Jane).ToListAsync());
        foreach (var trace in new[] { Jane, "jane roe" })
        {
            Assert.Empty(await check.Timeline.Where(t => t.Text.ToLower().Contains(trace)).ToListAsync());
            Assert.Empty(await check.Tasks.Where(t => t.Text.ToLower().Contains(trace)).ToListAsync());
            Assert.Empty(await check.Outbox.Where(o => o.ReplyJson.ToLower().Contains(trace)).ToListAsync());
            Assert.Empty(await check.ProcessedRequests.Where(p => p.ResultJson != null && p.ResultJson.ToLower().Contains(trace)).ToListAsync());
            Assert.Empty(await check.Audit.Where(a => a.Actor.ToLower().Contains(trace) || a.Command.ToLower().Contains(trace) ||
                                                      (a.Detail != null && a.Detail.ToLower().Contains(trace))).ToListAsync());
        }
        // Files naming her are gone, whatever their format; the file about someone else stays.
        Assert.Equal(["other.csv"], await check.Files.Select(f => f.Name).ToListAsync());
        // The rows that must stay are still there, pseudonymized.
        Assert.Contains("[erased]", (await check.Timeline.SingleAsync(t => t.Text.Contains("about the renewal"))).Text);
        Assert.Single(await check.Tasks.Where(t => t.Number == 9001).ToListAsync());
        var tombstone = await check.Audit.SingleAsync(a => a.Command == "admin erase person");
        Assert.Equal(Admin, tombstone.Actor);
        Assert.StartsWith("erased-", tombstone.RecordRef);
        Assert.Contains("1 contact record(s) removed", tombstone.Detail);
        Assert.Contains("3 stored file(s) removed", tombstone.Detail);
        Assert.Contains("audit record(s) pseudonymized", tombstone.Detail);

        // The audit is still append-only for everyone else.
        await Assert.ThrowsAnyAsync<Exception>(() => check.Audit.Where(a => a.Id == tombstone.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Detail, "changed")));
    }

    [Fact]
    public async Task Erase_IsForCrmAdminsOnly_AndNeverOfOneself()
    {
        var denied = await _h.AskAsync("ava@example.com", $"admin erase person {Jane} confirm");
        Assert.Equal(ReplyTone.Denied, denied.Tone);
        var self = await _h.AskAsync(Admin, $"admin erase person {Admin} confirm");
        Assert.Contains("cannot erase your own", self.FallbackText);

        await using var db = _h.Db();
        Assert.Equal(1, await db.Contacts.CountAsync(c => c.Email == Jane));
        Assert.DoesNotContain(await db.Audit.Select(a => a.Command).ToListAsync(), c => c == "admin erase person");
    }
}

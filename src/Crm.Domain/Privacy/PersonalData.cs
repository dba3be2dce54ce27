using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Files;
using Crm.Domain.Identity;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Privacy;

/// <summary>
/// A data subject's rights over what the CRM stores about them: <see cref="ExportAsync"/> finds every
/// row that names the person (by e-mail, and by the names their contact records and chat accounts
/// carry), <see cref="EraseAsync"/> removes those rows or pseudonymizes them where a row must stay
/// (the audit trail, a customer's timeline, a task). The caller has checked the crm-admin role.
/// </summary>
public sealed partial class PersonalData(CrmDbContext db, TimeProvider time)
{
    /// <summary>The replacement for a name in text that stays (timeline, notes, audit details).</summary>
    public const string ErasedName = "[erased]";

    /// <summary>Null when <paramref name="email"/> is usable; otherwise what is wrong with it.</summary>
    public static string? Problem(string? email) =>
        string.IsNullOrWhiteSpace(email) ? "Which person? Give their e-mail address."
        : email.Length > 254 || !EmailShape().IsMatch(email.Trim()) ? $"'{Shorten(email)}' is not an e-mail address (name@example.com)."
        : null;

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public async Task<PersonExport> ExportAsync(string email, CancellationToken ct)
    {
        email = Normalize(email);
        var person = await FindAsync(email, ct);
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.Email != null && c.Email.ToLower() == email)
            .Select(c => new { c.Id, Customer = c.Customer!.Name, c.CustomerId, c.Name, c.Title, c.Email, c.Phone, c.CreatedAt }).ToListAsync(ct);
        var links = await db.UserLinks.AsNoTracking().Where(u => u.Email.ToLower() == email).ToListAsync(ct);
        var rules = await db.RoleMappings.AsNoTracking().Where(r => r.Kind == MappingKind.Email && r.Match.ToLower() == email).ToListAsync(ct);
        var owned = await db.Customers.AsNoTracking().Where(c => c.OwnerEmail != null && c.OwnerEmail.ToLower() == email)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var timeline = await TimelineOf(person).AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct);
        var tasks = await TasksOf(person).AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct);
        var handoffs = await HandoffsOf(person).AsNoTracking().OrderBy(h => h.Id).ToListAsync(ct);
        var digests = await db.Digests.AsNoTracking().Where(d => d.CreatedBy.ToLower() == email).OrderBy(d => d.Id).ToListAsync(ct);
        var messages = await MessagesOf(person).AsNoTracking().OrderBy(o => o.Id).ToListAsync(ct);
        var answers = await AnswersOf(person).AsNoTracking().OrderBy(p => p.At).ToListAsync(ct);
        var audit = await AuditOf(person).AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);
        var files = await FilesOf(person, ct);

        return new PersonExport(email, time.GetUtcNow(),
            contacts.Select(c => Row(("id", c.Id), ("customer", c.Customer), ("customer_id", c.CustomerId), ("name", c.Name), ("title", c.Title),
                ("email", c.Email), ("phone", c.Phone), ("created_at", c.CreatedAt))).ToList(),
            links.Select(u => Row(("platform", u.Platform), ("workspace", u.Workspace), ("user_id", u.ExternalUserId), ("email", u.Email),
                ("display_name", u.DisplayName), ("time_zone", u.TimeZone), ("last_seen_at", u.LastSeenAt))).ToList(),
            rules.Select(r => Row(("kind", r.Kind), ("match", r.Match), ("role", r.Role), ("region", r.Region), ("created_by", r.CreatedBy),
                ("created_at", r.CreatedAt))).ToList(),
            owned.Select(c => Row(("customer_id", c.Id), ("name", c.Name), ("owner", email))).ToList(),
            timeline.Select(t => Row(("id", t.Id), ("customer_id", t.CustomerId), ("kind", t.Kind), ("text", t.Text), ("actor", t.ActorEmail),
                ("platform", t.Platform), ("record", t.RecordRef), ("at", t.At))).ToList(),
            tasks.Select(t => Row(("id", t.Id), ("number", t.Number), ("customer_id", t.CustomerId), ("assignee", t.AssigneeEmail), ("text", t.Text),
                ("due_at", t.DueAt), ("done", t.Done), ("created_by", t.CreatedBy))).ToList(),
            handoffs.Select(h => Row(("id", h.Id), ("number", h.Number), ("customer_id", h.CustomerId), ("from", h.FromDepartment), ("to", h.ToDepartment),
                ("note", h.Note), ("offered_by", h.OfferedBy), ("offered_at", h.OfferedAt), ("decided_by", h.DecidedBy), ("decline_reason", h.DeclineReason))).ToList(),
            digests.Select(d => Row(("id", d.Id), ("kind", d.Kind), ("schedule", d.Schedule), ("created_by", d.CreatedBy), ("created_at", d.CreatedAt))).ToList(),
            messages.Select(o => Row(("id", o.Id), ("purpose", o.Purpose), ("platform", o.Platform), ("target", OutboxTarget.AuditName(o)),
                ("status", o.Status), ("created_at", o.CreatedAt), ("text", TextOf(o.ReplyJson)))).ToList(),
            answers.Select(p => Row(("key", p.Key), ("at", p.At), ("text", p.ResultJson is null ? null : TextOf(p.ResultJson)))).ToList(),
            audit.Select(a => Row(("id", a.Id), ("at", a.At), ("actor", a.Actor), ("platform", a.Platform), ("channel", a.Channel), ("command", a.Command),
                ("action", a.Action), ("record", a.RecordRef), ("outcome", a.Outcome), ("detail", a.Detail))).ToList(),
            files.Select(f => Row(("id", f.Id), ("name", f.Name), ("media_type", f.MediaType), ("audience", f.Audience), ("created_at", f.CreatedAt),
                ("expires_at", f.ExpiresAt))).ToList());
    }

    /// <summary>
    /// Removes the person's rows and pseudonymizes the rows that must stay, in one transaction, and
    /// adds a tombstone to the audit: who erased, when, which kinds of rows and how many, under the
    /// pseudonym, never the e-mail or names.
    /// </summary>
    public async Task<ErasureReport> EraseAsync(string email, AuditScope scope, CancellationToken ct)
    {
        email = Normalize(email);
        var person = await FindAsync(email, ct);
        // Shaped like an address (in the reserved .invalid domain), so columns that hold e-mails stay valid
        // for the code that reads them (owner, assignee), yet it leads to no one.
        var pseudonym = $"erased-{Guid.NewGuid().ToString("N")[..12]}@erased.invalid";
        var kinds = new List<(string, int, string)>();
        // A chat command already runs in the pipeline's transaction; the CLI or a test may call without one.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await AllowAuditErasureAsync(ct);

            // Rows that are the person: removed.
            kinds.Add(("contact record(s)", await db.Contacts.Where(c => c.Email != null && c.Email.ToLower() == email).ExecuteDeleteAsync(ct), "removed"));
            kinds.Add(("chat account link(s)", await db.UserLinks.Where(u => u.Email.ToLower() == email).ExecuteDeleteAsync(ct), "removed"));
            kinds.Add(("role rule(s)", await db.RoleMappings.Where(r => r.Kind == MappingKind.Email && r.Match.ToLower() == email).ExecuteDeleteAsync(ct), "removed"));
            kinds.Add(("outbox message(s)", await MessagesOf(person).ExecuteDeleteAsync(ct), "removed"));
            kinds.Add(("stored answer(s)", await AnswersOf(person).ExecuteDeleteAsync(ct), "removed"));
            var files = (await FilesOf(person, ct)).Select(f => f.Id).ToList();
            kinds.Add(("stored file(s)", await db.Files.Where(f => files.Contains(f.Id)).ExecuteDeleteAsync(ct), "removed"));

            // Rows that must stay (the customer's history, the audit): the person is replaced by the pseudonym.
            // Counted before they change, with the same queries the export uses.
            var timeline = await TimelineOf(person).CountAsync(ct);
            var tasks = await TasksOf(person).CountAsync(ct);
            var handoffs = await HandoffsOf(person).CountAsync(ct);
            var audit = await AuditOf(person).CountAsync(ct);
            kinds.Add(("customer owner field(s)", await db.Customers.Where(c => c.OwnerEmail != null && c.OwnerEmail.ToLower() == email)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerEmail, pseudonym), ct), "pseudonymized"));
            await db.Timeline.Where(t => t.ActorEmail.ToLower() == email).ExecuteUpdateAsync(s => s.SetProperty(t => t.ActorEmail, pseudonym), ct);
            await db.Tasks.Where(t => t.AssigneeEmail.ToLower() == email).ExecuteUpdateAsync(s => s.SetProperty(t => t.AssigneeEmail, pseudonym), ct);
            await db.Tasks.Where(t => t.CreatedBy.ToLower() == email).ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedBy, pseudonym), ct);
            await db.Handoffs.Where(h => h.OfferedBy.ToLower() == email).ExecuteUpdateAsync(s => s.SetProperty(h => h.OfferedBy, pseudonym), ct);
            await db.Handoffs.Where(h => h.DecidedBy != null && h.DecidedBy.ToLower() == email).ExecuteUpdateAsync(s => s.SetProperty(h => h.DecidedBy, pseudonym), ct);
            // Free text: every spelling the person is stored under (replace() is case-sensitive in both databases).
            foreach (var (find, replace) in Replacements(person, pseudonym))
            {
                await db.Timeline.Where(t => t.Text.Contains(find)).ExecuteUpdateAsync(s => s.SetProperty(t => t.Text, t => t.Text.Replace(find, replace)), ct);
                await db.Tasks.Where(t => t.Text.Contains(find)).ExecuteUpdateAsync(s => s.SetProperty(t => t.Text, t => t.Text.Replace(find, replace)), ct);
                await db.Handoffs.Where(h => (h.Note != null && h.Note.Contains(find)) || (h.DeclineReason != null && h.DeclineReason.Contains(find)))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(h => h.Note, h => h.Note == null ? null : h.Note.Replace(find, replace))
                        .SetProperty(h => h.DeclineReason, h => h.DeclineReason == null ? null : h.DeclineReason.Replace(find, replace)), ct);
                await db.Audit.Where(a => a.Actor.Contains(find) || a.Command.Contains(find) || (a.Detail != null && a.Detail.Contains(find)) ||
                                          (a.Channel != null && a.Channel.Contains(find)))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(a => a.Actor, a => a.Actor.Replace(find, replace))
                        .SetProperty(a => a.Command, a => a.Command.Replace(find, replace))
                        .SetProperty(a => a.Channel, a => a.Channel == null ? null : a.Channel.Replace(find, replace))
                        .SetProperty(a => a.Detail, a => a.Detail == null ? null : a.Detail.Replace(find, replace)), ct);
            }
            kinds.Add(("timeline entr(ies)", timeline, "pseudonymized"));
            kinds.Add(("task(s)", tasks, "pseudonymized"));
            kinds.Add(("handoff(s)", handoffs, "pseudonymized"));
            kinds.Add(("digest subscription(s)", await db.Digests.Where(d => d.CreatedBy.ToLower() == email)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.CreatedBy, pseudonym), ct), "pseudonymized"));
            kinds.Add(("audit record(s)", audit, "pseudonymized"));

            var report = new ErasureReport(pseudonym, kinds);
            AuditTrail.Add(db, scope with { Command = "admin erase person" }, AuditAction.Admin, AuditOutcome.Allowed, time.GetUtcNow(), pseudonym,
                detail: $"personal data erased by {scope.Actor}: {report.Summary}");
            await db.SaveChangesAsync(ct);
            await EndAuditErasureAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
            return report;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>The e-mail and the names under which the person appears in free text.</summary>
    private sealed record Person(string Email, IReadOnlyList<string> Emails, IReadOnlyList<string> Names,
        IReadOnlyList<(Platform Platform, string Workspace, string UserId)> Accounts);

    private async Task<Person> FindAsync(string email, CancellationToken ct)
    {
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.Email != null && c.Email.ToLower() == email).Select(c => new { c.Name, c.Email }).ToListAsync(ct);
        var contactNames = contacts.Select(c => c.Name).ToList();
        var links = await db.UserLinks.AsNoTracking().Where(u => u.Email.ToLower() == email).ToListAsync(ct);
        // Short names ("Al") would match inside other words; a name is searched for only when it has two parts or more.
        var names = contactNames.Concat(links.Select(l => l.DisplayName ?? ""))
            .Select(n => n.Trim()).Where(n => n.Length >= 5 && n.Contains(' ')).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var emails = contacts.Select(c => c.Email!).Concat(links.Select(l => l.Email)).Append(email).Distinct(StringComparer.Ordinal).ToList();
        return new Person(email, emails, names, links.Select(l => (l.Platform, l.Workspace, l.ExternalUserId)).ToList());
    }

    /// <summary>Every spelling to replace and what replaces it: the e-mail by the pseudonym, names by <see cref="ErasedName"/>.</summary>
    private static IEnumerable<(string Find, string Replace)> Replacements(Person person, string pseudonym) =>
        person.Emails.Select(e => (e, pseudonym))
            .Concat(person.Names.SelectMany(n => new[] { n, n.ToLowerInvariant(), n.ToUpperInvariant() }).Distinct(StringComparer.Ordinal).Select(n => (n, ErasedName)))
            .ToList();

    private IQueryable<Timeline.TimelineEntry> TimelineOf(Person person)
    {
        var q = db.Timeline.Where(t => t.ActorEmail.ToLower() == person.Email || t.Text.ToLower().Contains(person.Email));
        foreach (var name in person.Names.Select(n => n.ToLowerInvariant())) q = q.Union(db.Timeline.Where(t => t.Text.ToLower().Contains(name)));
        return q;
    }

    private IQueryable<Tasks.CrmTask> TasksOf(Person person)
    {
        var q = db.Tasks.Where(t => t.AssigneeEmail.ToLower() == person.Email || t.CreatedBy.ToLower() == person.Email || t.Text.ToLower().Contains(person.Email));
        foreach (var name in person.Names.Select(n => n.ToLowerInvariant())) q = q.Union(db.Tasks.Where(t => t.Text.ToLower().Contains(name)));
        return q;
    }

    private IQueryable<Handoffs.Handoff> HandoffsOf(Person person) =>
        db.Handoffs.Where(h => h.OfferedBy.ToLower() == person.Email || (h.DecidedBy != null && h.DecidedBy.ToLower() == person.Email) ||
                               (h.Note != null && h.Note.ToLower().Contains(person.Email)));

    /// <summary>Rendered messages that name the person, and every message to their own DM.</summary>
    private IQueryable<OutboxMessage> MessagesOf(Person person)
    {
        var userIds = person.Accounts.Select(a => a.UserId).ToList();
        var q = db.Outbox.Where(o => o.ReplyJson.ToLower().Contains(person.Email) ||
                                     (o.TargetKind == OutboxTargetKind.User && userIds.Contains(o.Recipient)));
        foreach (var name in person.Names.Select(n => n.ToLowerInvariant())) q = q.Union(db.Outbox.Where(o => o.ReplyJson.ToLower().Contains(name)));
        return db.Outbox.Where(o => q.Select(m => m.Id).Contains(o.Id));
    }

    /// <summary>
    /// Files of replies (charts, exports) that name the person, without their content: every stored file is read (they
    /// live seven days) and its text searched (<see cref="StoredFileText"/>), as the database cannot look inside a
    /// workbook. A file whose text cannot be read is counted as naming them: nothing proves it does not.
    /// </summary>
    private async Task<List<StoredFile>> FilesOf(Person person, CancellationToken ct)
    {
        var spellings = person.Emails.Concat(person.Names).Select(n => n.ToLowerInvariant()).Distinct().ToList();
        var found = new List<StoredFile>();
        await foreach (var file in db.Files.AsNoTracking().OrderBy(f => f.CreatedAt).AsAsyncEnumerable().WithCancellation(ct))
        {
            var text = StoredFileText.Of(file)?.ToLowerInvariant();
            if (text is null || spellings.Any(text.Contains))
                found.Add(new StoredFile
                {
                    Id = file.Id, Name = file.Name, MediaType = file.MediaType, Audience = file.Audience, CreatedAt = file.CreatedAt, ExpiresAt = file.ExpiresAt,
                });
        }
        return found;
    }

    private IQueryable<Idempotency.ProcessedRequest> AnswersOf(Person person)
    {
        var q = db.ProcessedRequests.Where(p => p.ResultJson != null && p.ResultJson.ToLower().Contains(person.Email));
        foreach (var name in person.Names.Select(n => n.ToLowerInvariant()))
            q = q.Union(db.ProcessedRequests.Where(p => p.ResultJson != null && p.ResultJson.ToLower().Contains(name)));
        return db.ProcessedRequests.Where(p => q.Select(m => m.Key).Contains(p.Key));
    }

    private IQueryable<AuditRecord> AuditOf(Person person)
    {
        var q = db.Audit.Where(a => a.Actor.ToLower().Contains(person.Email) || a.Command.ToLower().Contains(person.Email) ||
                                    (a.Detail != null && a.Detail.ToLower().Contains(person.Email)));
        foreach (var name in person.Names.Select(n => n.ToLowerInvariant()))
            q = q.Union(db.Audit.Where(a => a.Command.ToLower().Contains(name) || (a.Detail != null && a.Detail.ToLower().Contains(name))));
        return q;
    }

    /// <summary>
    /// The audit trail refuses every change (a database trigger); an erasure is the one exception, and
    /// only inside its own transaction: PostgreSQL reads a transaction-local setting, SQLite a marker row.
    /// </summary>
    private Task AllowAuditErasureAsync(CancellationToken ct) => db.IsPostgres
        ? db.Database.ExecuteSqlRawAsync("SELECT set_config('crm.audit_erasure', 'on', true)", ct)
        : db.Database.ExecuteSqlRawAsync("INSERT INTO audit_erasure_window (id) VALUES (1)", ct);

    private Task EndAuditErasureAsync(CancellationToken ct) => db.IsPostgres
        ? db.Database.ExecuteSqlRawAsync("SELECT set_config('crm.audit_erasure', 'off', true)", ct)
        : db.Database.ExecuteSqlRawAsync("DELETE FROM audit_erasure_window", ct);

    private static string? TextOf(string replyJson)
    {
        try { return Reply.FromJson(replyJson).FallbackText; }
        catch (System.Text.Json.JsonException) { return replyJson; }
    }

    private static IReadOnlyDictionary<string, string?> Row(params (string Key, object? Value)[] cells) =>
        cells.ToDictionary(c => c.Key, c => c.Value switch
        {
            null => null,
            DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString(),
        });

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}

using Crm.Domain.Files;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Delivery;

/// <summary>
/// Stores answers the way every edge needs them stored: the pipeline calls <see cref="Stage"/> just before
/// the save that stores the request's work (or a save of its own for an answer given without one), then
/// <see cref="HandOff"/> once that save committed, which gives copies of the stored rows to the
/// <see cref="AnswerSender"/>. One instance per request scope, on the request's context.
/// </summary>
public sealed class AnswerOutbox(CrmDbContext db, IEnumerable<IAnswerRouting> routings, AnswerSender sender, OutboxClaims claims, TimeProvider clock)
{
    private readonly List<AnswerRow> _staged = [];
    private readonly List<StoredFile> _files = [];

    /// <summary>
    /// Adds the rows that deliver <paramref name="reply"/> to <paramref name="address"/> to the context without
    /// saving, replacing rows an earlier call staged and no save stored. With a <see cref="ReplyAddress.Timing"/>
    /// decided inline, only the parts the HTTP response cannot hold are stored.
    /// </summary>
    public void Stage(ReplyAddress? address, Reply reply)
    {
        Discard();
        if (address is null) return;
        var routing = routings.LastOrDefault(r => r.Platform == address.Platform)
            ?? throw new InvalidOperationException($"No answer routing is registered for {address.Platform} addresses.");
        var inline = address.Timing?.TryAnswerInline(reply) == true;
        var now = clock.GetUtcNow();
        // The files go in the same save as the rows that name them; an answer given inline links to them too.
        _files.AddRange(ReplyFiles.Add(db, reply, now));
        if (inline && !address.Timing!.RestFollows) return;
        foreach (var row in routing.RowsFor(address, reply, inline ? ClaimedOutbox.RestPurpose : ClaimedOutbox.AnswerPurpose))
        {
            // A row already delivered (the console's own timeline) is stored as it is; every other is this host's to send.
            if (row.Row.Status == OutboxStatus.Sent) db.Outbox.Add(row.Row);
            else ClaimedOutbox.Add(db, row.Row, now, claims);
            _staged.Add(row);
        }
    }

    /// <summary>True while rows are staged and not yet handed off.</summary>
    public bool HasStaged => _staged.Count > 0 || _files.Count > 0;

    /// <summary>After the save: copies of the rows it stored go to the sender; rows it did not store are forgotten.</summary>
    public void HandOff()
    {
        foreach (var staged in _staged)
            if (db.Entry(staged.Row).State == EntityState.Unchanged && ClaimedOutbox.IsOurs(staged.Row, claims))
                sender.Enqueue(staged with { Row = staged.Row.Copy() });
        _staged.Clear();
        _files.Clear();
    }

    /// <summary>Takes staged rows that no save stored out of the context (a rolled-back step).</summary>
    public void Discard()
    {
        foreach (var staged in _staged)
            if (db.Entry(staged.Row).State == EntityState.Added)
                db.Entry(staged.Row).State = EntityState.Detached;
        foreach (var file in _files)
            if (db.Entry(file).State == EntityState.Added)
                db.Entry(file).State = EntityState.Detached;
        _staged.Clear();
        _files.Clear();
    }

    /// <summary>
    /// Stores an answer the edge gives itself, outside the pipeline (a Slack form that could not be opened),
    /// in a save of its own, and hands it to the sender. False when it was stored before (same key).
    /// </summary>
    public async Task<bool> StoreAsync(ReplyAddress address, Reply reply, CancellationToken cancellationToken)
    {
        Stage(address, reply);
        if (!HasStaged) return true;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (await WasStoredBeforeAsync(cancellationToken)) return false;
            throw;
        }
        HandOff();
        return true;
    }

    /// <summary>After a refused save: true when a row with a staged key exists (the answer was stored before); the staged rows are forgotten.</summary>
    public async Task<bool> WasStoredBeforeAsync(CancellationToken cancellationToken)
    {
        var keys = _staged.Select(s => s.Row.IdempotencyKey).ToList();
        Discard();
        db.ChangeTracker.Clear();
        return keys.Count > 0 && await db.Outbox.AsNoTracking().AnyAsync(o => keys.Contains(o.IdempotencyKey), cancellationToken);
    }
}

using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers.Search;

/// <summary>
/// The ranking both providers share: exact id, then exact name or domain, then name or domain
/// prefix, then notes holding the words (when the audience's notes are searched), then similarity.
/// Each step asks only for the hits still missing. Similarity is the fallback for when nothing
/// matched exactly and no note holds the words: an exact name or domain, or what was said, is the
/// answer, and fuzzy neighbours would only bury it. Only the note and similarity steps differ per provider.
/// </summary>
public abstract class CustomerSearchBase(CrmDbContext db) : ICustomerSearch
{
    public const int MaxLimit = 50;

    protected CrmDbContext Db => db;

    public Task<IReadOnlyList<CustomerHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken) =>
        SearchAsync(query, null, limit, cancellationToken);

    public Task<IReadOnlyList<CustomerHit>> SearchWithNotesAsync(string query, FieldClass readable, int limit, CancellationToken cancellationToken) =>
        SearchAsync(query, readable, limit, cancellationToken);

    /// <param name="notesReadable">The field classes of the timeline entries the audience may read; null searches no notes.</param>
    private async Task<IReadOnlyList<CustomerHit>> SearchAsync(string query, FieldClass? notesReadable, int limit, CancellationToken cancellationToken)
    {
        var text = (query ?? "").Trim();
        limit = Math.Clamp(limit, 1, MaxLimit);
        if (text.Length == 0 || text.Length > 200) return [];

        var key = text.ToLowerInvariant();
        var hits = new SearchHits(limit);
        var customers = db.Customers.AsNoTracking();

        if (HumanId.TryParse(text, out var prefix, out var number) && prefix == HumanId.Customer)
        {
            var byId = await Project(customers.Where(c => c.Number == number), MatchKind.ExactId, 1).ToListAsync(cancellationToken);
            if (byId.Count > 0) return byId;
        }

        hits.AddRange(await Project(customers.Where(c => c.NameKey == key).OrderBy(c => c.Number), MatchKind.ExactName, 1)
            .Take(limit).ToListAsync(cancellationToken));
        var domain = NormaliseDomain(key);
        if (!hits.IsFull && domain is not null)
            hits.AddRange(await Project(customers.Where(c => c.Domain == domain).OrderBy(c => c.Number), MatchKind.ExactDomain, 1)
                .Take(hits.Missing).ToListAsync(cancellationToken));

        var exactFound = hits.Count > 0;
        if (!hits.IsFull)
            hits.AddRange(await Project(customers.Where(c => c.NameKey.StartsWith(key)).OrderBy(c => c.NameKey), MatchKind.Prefix, 0.9)
                .Take(hits.Missing + hits.Count).ToListAsync(cancellationToken));
        if (!hits.IsFull && domain is not null)
            hits.AddRange(await Project(customers.Where(c => c.Domain!.StartsWith(domain)).OrderBy(c => c.Domain), MatchKind.Prefix, 0.85)
                .Take(hits.Missing + hits.Count).ToListAsync(cancellationToken));

        // What was said ranks after the name and domain a person typed part of. When a note holds the words, the
        // person typed what was said: names that merely look alike are not added, as after an exact name (they would
        // bury the notes, and looking for them costs more than everything before on a large book).
        var saidFound = false;
        if (!exactFound && !hits.IsFull && notesReadable is { } readable && readable != FieldClass.None && NoteQuery.Parse(text) is { } notes)
        {
            var byNotes = await FindByNotesAsync(notes, readable, hits, cancellationToken);
            hits.AddRange(byNotes);
            saidFound = byNotes.Count > 0;
        }

        if (!exactFound && !saidFound && !hits.IsFull && key.Length >= 3)
            hits.AddRange(await FindSimilarAsync(key, hits.Missing + hits.Count, cancellationToken));
        return hits.ToList();
    }

    /// <summary>Notes read in the first page beyond the customers still missing (a customer may have several matching notes); each further page is four times larger.</summary>
    private const int SpareNotes = 4;
    private const int MaxNotePages = 4;

    /// <summary>
    /// Customers not yet found with a matching note the audience may read, the newest note first, each
    /// customer once (at its newest matching note). Reads the newest matching notes page by page until
    /// enough customers are found, the notes run out, or <see cref="MaxNotePages"/> pages were read.
    /// </summary>
    private async Task<IReadOnlyList<CustomerHit>> FindByNotesAsync(NoteQuery query, FieldClass readable, SearchHits found, CancellationToken ct)
    {
        var hits = new List<CustomerHit>();
        var seen = new HashSet<long>();
        NoteRow? after = null;
        var size = found.Missing + SpareNotes;
        for (var page = 0; page < MaxNotePages && hits.Count < found.Missing; page++, size *= 4)
        {
            var rows = await FindNotesAsync(query, readable, after, size, ct);
            foreach (var row in rows)
            {
                if (hits.Count >= found.Missing) break;
                if (found.Contains(row.CustomerId) || !seen.Add(row.CustomerId)) continue;
                hits.Add(new CustomerHit(row.CustomerId, HumanId.Format(HumanId.Customer, row.Number), row.Name, row.Domain, row.Region, MatchKind.Note, 0.8)
                {
                    Note = new NoteMatch(row.EntryId, row.ActorEmail, row.At, NoteSnippet.Around(row.Text, query)),
                });
            }
            if (rows.Count < size) break;
            after = rows[^1];
        }
        return hits;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> notes (timeline entries of kind Note) holding every word of
    /// <paramref name="query"/> whose field class <paramref name="readable"/> covers, newest first
    /// (<c>At</c>, then <c>Id</c>, descending), older than <paramref name="after"/> when given, with their customer.
    /// </summary>
    protected abstract Task<IReadOnlyList<NoteRow>> FindNotesAsync(NoteQuery query, FieldClass readable, NoteRow? after, int limit, CancellationToken cancellationToken);

    /// <summary>Customers whose name or domain is similar to <paramref name="key"/>, best first.</summary>
    protected abstract Task<IReadOnlyList<CustomerHit>> FindSimilarAsync(string key, int limit, CancellationToken cancellationToken);

    private static IQueryable<CustomerHit> Project(IQueryable<Customer> customers, MatchKind kind, double score) =>
        customers.Select(c => new CustomerHit(c.Id, HumanId.Format(HumanId.Customer, c.Number), c.Name, c.Domain, c.Region, kind, score));

    /// <summary>The query as a domain, when it could be one (no spaces; "https://" and "www." dropped).</summary>
    private static string? NormaliseDomain(string key)
    {
        if (key.Contains(' ')) return null;
        var domain = key;
        foreach (var scheme in (string[])["https://", "http://"])
            if (domain.StartsWith(scheme, StringComparison.Ordinal)) domain = domain[scheme.Length..];
        if (domain.StartsWith("www.", StringComparison.Ordinal)) domain = domain[4..];
        return domain.TrimEnd('/') is { Length: > 0 } d ? d : null;
    }
}

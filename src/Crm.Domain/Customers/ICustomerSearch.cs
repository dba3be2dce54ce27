namespace Crm.Domain.Customers;

/// <summary>How a hit was found, best first: the ranking people expect from a search box.</summary>
public enum MatchKind
{
    ExactId = 0,
    ExactName = 1,
    ExactDomain = 2,
    Prefix = 3,
    /// <summary>Every word of the query is in one of the customer's notes (the hit's <see cref="CustomerHit.Note"/> says which).</summary>
    Note = 4,
    Similar = 5,
}

public sealed record CustomerHit(long Id, string HumanId, string Name, string? Domain, string? Region, MatchKind Match, double Score)
{
    /// <summary>For a <see cref="MatchKind.Note"/> hit: the note that matched; otherwise null.</summary>
    public NoteMatch? Note { get; init; }
}

/// <summary>
/// Fuzzy customer search by name, domain or id: exact id, then exact name, then prefix, then
/// similarity. PostgreSQL uses pg_trgm; the embedded store uses a simpler path.
/// </summary>
public interface ICustomerSearch
{
    Task<IReadOnlyList<CustomerHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="SearchAsync"/>, and, when no customer's id, name or domain equals the query, also the
    /// customers with a note holding every word of it (the last word as a prefix), ranked after the name
    /// and domain prefixes and before similar names, newest note first. Only entries whose field class
    /// <paramref name="readable"/> covers are searched: a note the audience may not read never matches.
    /// </summary>
    Task<IReadOnlyList<CustomerHit>> SearchWithNotesAsync(string query, Access.FieldClass readable, int limit, CancellationToken cancellationToken);
}

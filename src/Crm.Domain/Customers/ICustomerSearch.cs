namespace Crm.Domain.Customers;

/// <summary>How a hit was found, best first: the ranking people expect from a search box.</summary>
public enum MatchKind
{
    ExactId = 0,
    ExactName = 1,
    ExactDomain = 2,
    Prefix = 3,
    Similar = 4,
}

public sealed record CustomerHit(long Id, string HumanId, string Name, string? Domain, string? Region, MatchKind Match, double Score);

/// <summary>
/// Fuzzy customer search by name, domain or id: exact id, then exact name, then prefix, then
/// similarity. PostgreSQL uses pg_trgm; the embedded store uses a simpler path.
/// </summary>
public interface ICustomerSearch
{
    Task<IReadOnlyList<CustomerHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken);
}

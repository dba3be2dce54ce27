namespace Crm.Domain.Customers.Search;

/// <summary>Collects hits in ranking order, each customer once (at its best match).</summary>
internal sealed class SearchHits(int limit)
{
    private readonly List<CustomerHit> _hits = [];
    private readonly HashSet<long> _seen = [];

    public int Count => _hits.Count;
    public int Missing => limit - _hits.Count;
    public bool IsFull => _hits.Count >= limit;

    public bool Contains(long customerId) => _seen.Contains(customerId);

    public void AddRange(IEnumerable<CustomerHit> hits)
    {
        foreach (var hit in hits)
        {
            if (IsFull) return;
            if (_seen.Add(hit.Id)) _hits.Add(hit);
        }
    }

    public IReadOnlyList<CustomerHit> ToList() => _hits;
}

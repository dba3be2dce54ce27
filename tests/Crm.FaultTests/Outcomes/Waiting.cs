using Crm.FaultTests.Cluster;

namespace Crm.FaultTests.Outcomes;

/// <summary>Polling with a generous overall limit: outcomes are asserted, never speed.</summary>
public static class Waiting
{
    /// <summary>
    /// Waits until every expected key was delivered and the outbox holds nothing more to send (so a
    /// late duplicate would already be counted), then returns what the fakes received since <paramref name="since"/>.
    /// On timeout returns what there is; the scenario's assertions say what is missing.
    /// </summary>
    public static async Task<Deliveries> UntilDeliveredAsync(FaultCluster cluster, long since, IReadOnlyCollection<string> keys, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        Deliveries deliveries;
        while (true)
        {
            deliveries = new Deliveries(await cluster.Fakes.PostsAsync(since), keys);
            if (deliveries.Missing.Count == 0 && await SafePendingAsync(cluster) == 0) break;
            if (DateTime.UtcNow > until) break;
            await Task.Delay(500);
        }
        // Anything still on its way (a send in flight when the outbox was read) lands within a moment.
        await Task.Delay(2000);
        return new Deliveries(await cluster.Fakes.PostsAsync(since), keys);
    }

    private static async Task<long> SafePendingAsync(FaultCluster cluster)
    {
        try { return await cluster.PendingAsync(); }
        catch (Npgsql.NpgsqlException) { return -1; }
    }

    public static async Task<long> LastSeqAsync(FakesProcess fakes) => (await fakes.PostsAsync()).Select(p => p.Seq).DefaultIfEmpty(0).Max();
}

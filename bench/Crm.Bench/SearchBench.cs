using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using Crm.Bot.Hosting;
using Crm.Domain.Customers;
using Crm.Domain.Demo;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bench;

/// <summary>Latency and hit quality of one kind of search query.</summary>
public sealed record SearchResult(string Kind, string Example, int Queries, double P50, double P95, double P99, double Max, double FoundPercent, double FirstPercent);

/// <summary>
/// Runs the production <see cref="ICustomerSearch"/> (a fresh DI scope per query, as a request would)
/// for queries built from customers sampled deterministically from the database.
/// </summary>
public static class SearchBench
{
    public static async Task<IReadOnlyList<SearchResult>> RunAsync(string connectionString, int queries, long seed)
    {
        await using var host = CrmHost.Build([], isCli: true);
        var sample = await SampleAsync(host.Services, queries, seed);
        var kinds = new (string Kind, Func<Customer, string> Query)[]
        {
            ("exact name", c => c.Name),
            ("exact id", c => c.HumanId),
            ("exact domain", c => c.Domain ?? c.Name),
            ("prefix", c => c.Name[..Math.Max(4, c.Name.IndexOf(' ') * 2 / 3)]),
            ("typo (swapped letters)", c => Swap(c.Name)),
            ("typo (wrong letter)", c => Replace(c.Name)),
            ("typo, first word only", c => Swap(c.Name.Split(' ')[0])),
        };

        var results = new List<SearchResult>();
        foreach (var (kind, query) in kinds)
        {
            foreach (var customer in sample.Take(30)) await TimeAsync(host.Services, query(customer)); // warm-up
            var times = new List<double>();
            int found = 0, first = 0;
            foreach (var customer in sample)
            {
                var (elapsed, hits) = await TimeAsync(host.Services, query(customer));
                times.Add(elapsed);
                if (hits.Any(h => h.Id == customer.Id)) found++;
                if (hits.Count > 0 && hits[0].Id == customer.Id) first++;
            }
            times.Sort();
            results.Add(new SearchResult(kind, query(sample[0]), times.Count, Percentile(times, 0.50), Percentile(times, 0.95),
                Percentile(times, 0.99), times[^1], 100.0 * found / times.Count, 100.0 * first / times.Count));
            Console.WriteLine($"{kind}: p50 {results[^1].P50:F2} ms, p95 {results[^1].P95:F2} ms");
        }
        return results;
    }

    private static async Task<(double Ms, IReadOnlyList<CustomerHit> Hits)> TimeAsync(IServiceProvider services, string query)
    {
        var clock = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var hits = await scope.ServiceProvider.GetRequiredService<ICustomerSearch>().SearchAsync(query, 10, default);
        return (clock.Elapsed.TotalMilliseconds, hits);
    }

    private static async Task<List<Customer>> SampleAsync(IServiceProvider services, int count, long seed)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var max = await db.Customers.MaxAsync(c => c.Number);
        var rng = new DemoRandom(seed, 0, 99);
        var numbers = Enumerable.Range(0, count).Select(_ => DemoDataGenerator.FirstNumber + rng.Below((int)(max - DemoDataGenerator.FirstNumber + 1))).ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => numbers.Contains(c.Number)).ToListAsync();
        return numbers.Select(n => customers.First(c => c.Number == n)).ToList();
    }

    /// <summary>Swaps the third and fourth letters: "Tagenna" → "Tagnena".</summary>
    private static string Swap(string name) => name[..2] + name[3] + name[2] + name[4..];

    /// <summary>Replaces the fourth letter with another: "Tagenna" → "Tagfnna".</summary>
    private static string Replace(string name) => name[..3] + (name[3] == 'x' ? 'y' : 'x') + name[4..];

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}

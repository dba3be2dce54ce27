using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Crm.Bot.Hosting;
using Crm.Domain.Access;
using Crm.Domain.Customers;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Bench;

/// <summary>
/// `find` by the words of notes over a large timeline: loads generated notes in one server-side
/// statement (generate_series), then runs the production <see cref="ICustomerSearch.SearchWithNotesAsync"/>
/// (the call `find` makes, a fresh DI scope per query, as a request would) for a mix of rare,
/// common and two-word queries, and writes a dated markdown report.
/// </summary>
public static class NoteSearchBench
{
    /// <summary>Words in a large share of all notes: two of these eight are in every note (about 23 % of notes hold each).</summary>
    private static readonly string[] Common = ["call", "demo", "pricing", "renewal", "meeting", "contract", "followup", "budget"];

    /// <summary>512 made-up words of three syllables (about 0.2 % of notes hold each: one of them is in every note).</summary>
    private static readonly string[] Syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo"];

    /// <summary>Rare words "q0" … "q199999": one per note, so each is in about 25 of 5M notes.</summary>
    private const int RareWords = 200_000;

    private const int Limit = 9; // what `find` asks for: its list of 8, and one more to know there are more

    public sealed record Result(string Kind, string Example, int Queries, double P50, double P95, double P99, double Max, double FoundPercent);

    /// <summary>Notes in the timeline now.</summary>
    public static async Task<long> NoteCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM timeline WHERE \"Kind\" = 'Note'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Adds <paramref name="notes"/> notes spread over all customers and the last year, with the note
    /// indexes dropped during the load and built again afterwards from their own definitions as the migrations
    /// made them (building an index once is much faster than growing it row by row). Returns the wall time.
    /// </summary>
    public static async Task<TimeSpan> LoadAsync(string connectionString, long notes, int seed)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var (up, down) = await NoteIndexesSqlAsync(connection);
        var medium = string.Join(",", MediumWords().Select(w => $"'{w}'"));
        var common = string.Join(",", Common.Select(w => $"'{w}'"));
        var sql = $"""
            {down}
            SELECT setseed({((seed % 1000) / 1000.0).ToString("F3", CultureInfo.InvariantCulture)});
            CREATE TEMP TABLE words AS SELECT ARRAY[{common}] AS common, ARRAY[{medium}] AS medium,
                ARRAY['Spoke with the team.', 'Next steps agreed.', 'They asked about integrations.', 'Waiting for legal.',
                      'Champion is leaving, find a new one.', 'Good energy on the call.', 'Send the summary by Friday.'] AS filler,
                ARRAY['ava@example.com', 'max@example.com', 'sam@example.com', 'fiona@example.com', 'mia@example.com'] AS actors,
                (SELECT max("Id") FROM customers) AS customers;
            INSERT INTO timeline ("CustomerId", "Kind", "FieldClass", "Text", "ActorEmail", "Platform", "ChannelRef", "RecordRef", "At")
            SELECT 1 + floor(random() * w.customers)::bigint, 'Note', 1,
                   initcap(w.common[1 + floor(random() * 8)::int]) || ' about ' || w.medium[1 + floor(random() * {MediumWords().Count})::int]
                     || ', ' || w.common[1 + floor(random() * 8)::int] || ' q' || floor(random() * {RareWords})::int || '. '
                     || w.filler[1 + floor(random() * 7)::int],
                   w.actors[1 + floor(random() * 5)::int], 'Slack', NULL, NULL,
                   now() - ({notes} - g) * (interval '365 days' / {notes}) - random() * interval '1 hour'
            FROM words w, generate_series(1, {notes}) g;
            {up}
            ANALYZE timeline;
            """;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
        return clock.Elapsed;
    }

    public static async Task<IReadOnlyList<Result>> RunAsync(IServiceProvider services, int queries, int seed)
    {
        var rng = new Random(seed);
        var medium = MediumWords();
        string Rare() => "q" + rng.Next(RareWords).ToString(CultureInfo.InvariantCulture);
        string CommonWord() => Common[rng.Next(Common.Length)];
        string Medium() => medium[rng.Next(medium.Count)];
        var kinds = new (string Kind, Func<string> Query)[]
        {
            ("rare word (~25 notes)", Rare),
            ("common word (~23 % of notes)", CommonWord),
            ("medium word (~0.2 %)", Medium),
            ("two common words", () => string.Join(" ", Common.OrderBy(_ => rng.Next()).Take(2))),
            ("common + medium word", () => CommonWord() + " " + Medium()),
            ("common + rare word", () => CommonWord() + " " + Rare()),
            ("prefix of a medium word (last word)", () => Medium()[..4]),
            ("no note matches", () => "zzq" + rng.Next(1000).ToString(CultureInfo.InvariantCulture)),
        };
        // A sales rep's clearance: basic notes are what the generated notes are.
        var readable = RolePolicy.ReadableBy(Role.SalesRep);
        var results = new List<Result>();
        foreach (var (kind, next) in kinds)
        {
            for (var i = 0; i < 20; i++) await TimeAsync(services, next(), readable); // warm-up
            var times = new List<double>();
            var found = 0;
            var example = "";
            for (var i = 0; i < queries; i++)
            {
                var query = next();
                if (i == 0) example = query;
                var (ms, hits) = await TimeAsync(services, query, readable);
                times.Add(ms);
                if (hits.Any(h => h.Match == MatchKind.Note)) found++;
            }
            times.Sort();
            results.Add(new Result(kind, example, times.Count, Percentile(times, 0.50), Percentile(times, 0.95), Percentile(times, 0.99), times[^1],
                100.0 * found / times.Count));
            Console.WriteLine($"{kind}: p50 {results[^1].P50:F2} ms, p95 {results[^1].P95:F2} ms, p99 {results[^1].P99:F2} ms");
        }
        return results;
    }

    public static string Write(string folder, string database, string databaseSize, long customers, long notes, TimeSpan? loadTime, int queries,
        string settings, string command, IReadOnlyList<Result> results, string loadBefore)
    {
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;
        var path = Path.Combine(folder, $"{now:yyyy-MM-dd-HHmm}-note-search.md");
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# `find` by the words of notes: {customers:N0} customers, {notes:N0} notes ({now:yyyy-MM-dd HH:mm} UTC)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.MachineName}, `nproc` {Environment.ProcessorCount}, memory {BenchReport.MemoryTotal()}, CPU {BenchReport.CpuModel()}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Database: `{database}` ({databaseSize}). Server settings: {settings}.");
        md.AppendLine();
        md.AppendLine("Data: customers from the real `seed` verb (COPY); notes generated in one `INSERT … SELECT … generate_series` on the server,");
        md.AppendLine("each note two of eight common words, one of 512 made-up medium words and one of 200,000 rare words (`q0` … `q199999`),");
        md.AppendLine("over random customers, written over the last 365 days in the order they were added (as a timeline grows: newer notes later in the table),");
        md.AppendLine("all of field class basic. The note indexes (as the migrations made them, `NoteSearch` and `NoteSearchByHour`) are");
        md.AppendLine("dropped for the load and built again from their own definitions, then `ANALYZE timeline`.");
        if (loadTime is { } load) md.AppendLine(CultureInfo.InvariantCulture, $"Load of the notes with the index builds: **{load.TotalSeconds:N0} s** wall time.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## `ICustomerSearch.SearchWithNotesAsync` (what `find` calls), limit {Limit}, a sales rep's clearance, one DI scope per query");
        md.AppendLine();
        md.AppendLine("Each query runs the whole `find` search: exact id / name / domain, name and domain prefixes, then notes, then similar names while the list is not full.");
        md.AppendLine();
        md.AppendLine("| query kind | example | queries | p50 ms | p95 ms | p99 ms | max ms | found by a note |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Kind} | `{r.Example}` | {r.Queries} | {r.P50:F2} | {r.P95:F2} | {r.P99:F2} | {r.Max:F2} | {r.FoundPercent:F0} % |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Load average before the queries: {loadBefore}; after: {BenchReport.LoadAverage()}.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}`.");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    /// <summary>ka, lo, mi … combined three at a time: "kalomi", "vosati", …</summary>
    private static List<string> MediumWords() =>
        (from a in Syllables from b in Syllables from c in Syllables select a + b + c).ToList();

    /// <summary>The partial indexes on notes (<c>WHERE "Kind" = 'Note'</c>) as they stand: statements that create them, and that drop them.</summary>
    private static async Task<(string Create, string Drop)> NoteIndexesSqlAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'timeline' AND indexdef LIKE '%WHERE%''Note''%' ORDER BY indexname", connection);
        var create = new StringBuilder();
        var drop = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            drop.AppendLine(CultureInfo.InvariantCulture, $"DROP INDEX {reader.GetString(0)};");
            create.AppendLine(CultureInfo.InvariantCulture, $"{reader.GetString(1)};");
        }
        if (create.Length == 0) throw new InvalidOperationException("No note indexes on timeline: is the database migrated?");
        return (create.ToString(), drop.ToString());
    }

    private static async Task<(double Ms, IReadOnlyList<CustomerHit> Hits)> TimeAsync(IServiceProvider services, string query, FieldClass readable)
    {
        var clock = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var hits = await scope.ServiceProvider.GetRequiredService<ICustomerSearch>().SearchWithNotesAsync(query, readable, Limit, default);
        return (clock.Elapsed.TotalMilliseconds, hits);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}

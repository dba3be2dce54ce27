using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Customers.Search;
using Crm.Domain.Demo;
using Crm.Domain.Privacy;
using Crm.Domain.Storage;
using Crm.Domain.Timeline;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Domain.Tests.Customers;

/// <summary>Search by what was said in notes, the same on PostgreSQL (GIN full-text) and SQLite (FTS5).</summary>
public sealed class NoteSearchTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private const FieldClass BasicOnly = FieldClass.Basic;

    /// <summary>Acme (C-1001, from the demo records) and four more, each with entries of its own.</summary>
    private static async Task<TestStore> StoreAsync(string provider)
    {
        var store = await TestStore.CreateAsync(provider);
        await using var db = store.CreateContext();
        DemoFixedRecords.Add(db, DateOnly.FromDateTime(Now.UtcDateTime), Now);
        foreach (var (number, name, domain) in new[]
                 {
                     (1002L, "Globex Ltd", "globex.example"), (1003L, "Initech", "initech.example"), (1004L, "Hooli", "hooli.example"),
                     (1005L, "Demo Partners", "demopartners.example"),
                 })
            db.Customers.Add(new Customer(number, name, domain, "AMER", null) { CreatedAt = Now, UpdatedAt = Now });
        await db.SaveChangesAsync();
        var ids = await db.Customers.ToDictionaryAsync(c => c.Name, c => c.Id);
        db.Timeline.AddRange(
            Note(ids["Acme Corporation"], "Call went well, wants a demo next week.", "ava@example.com", Now.AddDays(-3)),
            Note(ids["Globex Ltd"], "Asked for a demo of the API", "sam@example.com", Now.AddDays(-1)),
            // A note about money: only those who read financial data may find it.
            Note(ids["Initech"], "Payment plan agreed, wants a discount", "fiona@example.com", Now.AddHours(-2), FieldClass.Financial),
            // Not a note: a handoff's words are not searched.
            new TimelineEntry(ids["Hooli"], TimelineKind.Handoff, FieldClass.Basic, "Handoff to support: wants a demo", "ava@example.com",
                Platform.Slack, null, null, Now.AddHours(-1)));
        await db.SaveChangesAsync();
        return store;
    }

    private static TimelineEntry Note(long customerId, string text, string actor, DateTimeOffset at, FieldClass fieldClass = FieldClass.Basic) =>
        new(customerId, TimelineKind.Note, fieldClass, text, actor, Platform.Slack, null, null, at);

    private static ICustomerSearch SearchFor(CrmDbContext db) => db.IsPostgres ? new PostgresCustomerSearch(db) : new SqliteCustomerSearch(db);

    private static async Task<IReadOnlyList<CustomerHit>> Find(TestStore store, string query, FieldClass readable = BasicOnly, int limit = 9)
    {
        await using var db = store.CreateContext();
        return await SearchFor(db).SearchWithNotesAsync(query, readable, limit, default);
    }

    /// <summary>Only the hits found by a note (names that merely look like a query word are the name search's business).</summary>
    private static async Task<IReadOnlyList<CustomerHit>> Notes(TestStore store, string query, FieldClass readable = BasicOnly, int limit = 9) =>
        (await Find(store, query, readable, limit)).Where(h => h.Match == MatchKind.Note).ToList();

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task EveryWordMustBeInOneNote_NewestNoteFirst_AndTheHitSaysWhichNote(string provider)
    {
        await using var store = await StoreAsync(provider);

        var demo = await Notes(store, "a demo");
        Assert.Equal(["Globex Ltd", "Acme Corporation"], demo.Where(h => h.Match == MatchKind.Note).Select(h => h.Name));

        var wants = Assert.Single(await Notes(store, "Wants DEMO"));
        Assert.Equal(("Acme Corporation", MatchKind.Note), (wants.Name, wants.Match));
        Assert.NotNull(wants.Note);
        Assert.Equal(("ava@example.com", Now.AddDays(-3)), (wants.Note.ActorEmail, wants.Note.At));
        Assert.Equal("Call went well, wants a demo next week.", wants.Note.Snippet);
        var entry = await store.CreateContext().Timeline.SingleAsync(t => t.Id == wants.Note.EntryId);
        Assert.Equal(TimelineKind.Note, entry.Kind);
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task TheLastWord_MatchesAsAPrefix_OtherWordsWhole(string provider)
    {
        await using var store = await StoreAsync(provider);
        Assert.Equal("Acme Corporation", Assert.Single(await Notes(store, "went wel")).Name);
        Assert.Empty(await Notes(store, "wen well"));
        // Two letters are too few for a prefix: "we" is looked for as a word.
        Assert.Empty(await Notes(store, "call we"));
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task WordsInNoNote_FindNothing(string provider)
    {
        await using var store = await StoreAsync(provider);
        Assert.Empty(await Notes(store, "zebra crossing"));
        Assert.Empty(await Notes(store, "went API")); // each word is in a note, but not in the same one
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task QuotesOperatorsAndPunctuation_AreNeverQuerySyntax(string provider)
    {
        await using var store = await StoreAsync(provider);
        string[] hostile =
        [
            "\"demo\"", "'demo'", "demo*", "demo:*", "(demo", "demo)", "demo & | ! <->", "NEAR(demo api)", "demo OR went", "demo AND NOT api",
            "-demo", "+demo", "^demo", "text:demo", "Text : demo", "demo\\", "\\'", "'", "\"", "''", "{0}", "{demo}", "demo'; DROP TABLE timeline; --",
            "demo\" OR \"1\"=\"1", "*", ":", "!!!", "a'b\"c", "démo", "デモ", "demo\tapi", "e-mail", "acme.example", "-.-", "@", "demo@api",
        ];
        foreach (var query in hostile)
        {
            var exception = await Record.ExceptionAsync(() => Find(store, query));
            Assert.True(exception is null, $"'{query}' failed: {exception}");
        }
        // The words inside are still searched for; the operators are not applied.
        Assert.Equal(["Globex Ltd", "Acme Corporation"], (await Notes(store, "\"demo\"")).Where(h => h.Match == MatchKind.Note).Select(h => h.Name));
        Assert.Equal(["Globex Ltd"], (await Notes(store, "demo | api")).Select(h => h.Name));
        Assert.Empty(await Notes(store, "demo OR api")); // "or" is a word to find, and no note holds it
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task ANoteOfAClassTheAudienceMayNotRead_NeverMatches(string provider)
    {
        await using var store = await StoreAsync(provider);
        Assert.Empty(await Notes(store, "discount"));
        Assert.Equal("Acme Corporation", Assert.Single(await Notes(store, "wants")).Name);
        Assert.Empty(await Notes(store, "payment plan", FieldClass.Basic | FieldClass.Commercial | FieldClass.Support));

        var finance = await Notes(store, "wants", RolePolicy.ReadableBy(Role.FinanceAnalyst));
        Assert.Equal(["Initech", "Acme Corporation"], finance.Select(h => h.Name));
        Assert.Contains("discount", finance[0].Note!.Snippet);
        Assert.Empty(await Notes(store, "wants", FieldClass.None));
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task OnlyNotesAreSearched_NotOtherTimelineEntries(string provider)
    {
        await using var store = await StoreAsync(provider);
        Assert.Empty(await Notes(store, "handoff support"));
        Assert.DoesNotContain(await Notes(store, "demo"), h => h.Name == "Hooli");
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task NamesAndDomainsRankFirst_AnExactNameIsTheAnswer(string provider)
    {
        await using var store = await StoreAsync(provider);
        var demo = await Find(store, "demo");
        Assert.Equal([("Demo Partners", MatchKind.Prefix), ("Globex Ltd", MatchKind.Note), ("Acme Corporation", MatchKind.Note)],
            demo.Take(3).Select(h => (h.Name, h.Match)));
        Assert.Null(demo[0].Note);

        await using (var db = store.CreateContext())
        {
            db.Timeline.Add(Note(await db.Customers.Where(c => c.Name == "Hooli").Select(c => c.Id).SingleAsync(), "Met Initech at the fair", "ava@example.com", Now));
            await db.SaveChangesAsync();
        }
        var initech = Assert.Single(await Find(store, "initech"));
        Assert.Equal(("Initech", MatchKind.ExactName), (initech.Name, initech.Match));
        // A customer found by name is listed once, by its name, even when a note of its own holds the words too.
        await using (var db = store.CreateContext())
        {
            db.Timeline.Add(Note(await db.Customers.Where(c => c.Name == "Demo Partners").Select(c => c.Id).SingleAsync(), "demo day booked", "ava@example.com", Now));
            await db.SaveChangesAsync();
        }
        Assert.Single(await Find(store, "demo"), h => h.Name == "Demo Partners");
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task WhenANoteHoldsTheWords_NamesThatMerelyLookAlike_AreNotAdded(string provider)
    {
        await using var store = await StoreAsync(provider);
        await using (var db = store.CreateContext())
        {
            db.Customers.Add(new Customer(1006, "Wantz Logistics", "wantz.example", "EMEA", null) { CreatedAt = Now, UpdatedAt = Now });
            await db.SaveChangesAsync();
        }

        // "wants" is in Acme's note: that is the answer, not the customer whose name looks like it.
        var said = await Find(store, "wants");
        Assert.Equal([("Acme Corporation", MatchKind.Note)], said.Select(h => (h.Name, h.Match)));
        // With no note holding the word, the name that looks like it is still found.
        var typo = await Find(store, "wants logistics");
        Assert.Contains(typo, h => h is { Name: "Wantz Logistics", Match: MatchKind.Similar });
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task ACustomerWithManyMatchingNotes_DoesNotCrowdOutOthers(string provider)
    {
        await using var store = await StoreAsync(provider);
        await using (var db = store.CreateContext())
        {
            var hooli = await db.Customers.Where(c => c.Name == "Hooli").Select(c => c.Id).SingleAsync();
            for (var i = 0; i < 60; i++) db.Timeline.Add(Note(hooli, $"renewal call {i}", "ava@example.com", Now.AddMinutes(-i)));
            var acme = await db.Customers.Where(c => c.Name == "Acme Corporation").Select(c => c.Id).SingleAsync();
            db.Timeline.Add(Note(acme, "renewal discussed", "ava@example.com", Now.AddDays(-30)));
            await db.SaveChangesAsync();
        }
        var hits = await Notes(store, "renewal", limit: 3);
        Assert.Equal(["Hooli", "Acme Corporation"], hits.Select(h => h.Name));
        Assert.Equal("renewal call 0", hits[0].Note!.Snippet);
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task ChangedAndDeletedNotes_AreSearchedAsTheyAreNow(string provider)
    {
        await using var store = await StoreAsync(provider);
        await using (var db = store.CreateContext())
        {
            await db.Timeline.Where(t => t.Text.StartsWith("Asked for")).ExecuteUpdateAsync(s => s.SetProperty(t => t.Text, "Asked for a quote"));
            await db.Timeline.Where(t => t.Text.StartsWith("Call went")).ExecuteDeleteAsync();
        }
        Assert.DoesNotContain(await Notes(store, "demo"), h => h.Match == MatchKind.Note);
        Assert.Equal("Globex Ltd", Assert.Single(await Notes(store, "quote")).Name);
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task AfterAnErasure_TheErasedNameIsNotFound_AndTheNoteStillIs(string provider)
    {
        await using var store = await StoreAsync(provider);
        await using (var db = store.CreateContext())
        {
            db.Timeline.Add(Note(await db.Customers.Where(c => c.Name == "Acme Corporation").Select(c => c.Id).SingleAsync(),
                "Jane Roe (jane.roe@acme.example) signed the pilot order", "ava@example.com", Now));
            await db.SaveChangesAsync();
            Assert.Equal("Acme Corporation", Assert.Single(await SearchFor(db).SearchWithNotesAsync("jane roe", BasicOnly, 9, default), h => h.Match == MatchKind.Note).Name);
        }

        await using (var db = store.CreateContext())
            await new PersonalData(db, TimeProvider.System).EraseAsync("jane.roe@acme.example",
                new AuditScope("cli:ops@host", Platform.Cli, null, null, "admin erase person jane.roe@acme.example"), CancellationToken.None);

        Assert.Empty(await Notes(store, "jane"));
        Assert.Empty(await Notes(store, "roe"));
        var pilot = Assert.Single(await Notes(store, "pilot order"));
        Assert.Equal("Acme Corporation", pilot.Name);
        Assert.DoesNotContain("jane", pilot.Note!.Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("signed the pilot order", pilot.Note.Snippet);
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task TheSnippet_IsBoundedAndShowsTheMatch_HoweverLongTheNote(string provider)
    {
        await using var store = await StoreAsync(provider);
        var filler = string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 90));
        await using (var db = store.CreateContext())
        {
            db.Timeline.Add(Note(await db.Customers.Where(c => c.Name == "Hooli").Select(c => c.Id).SingleAsync(),
                filler + "   the budget owner is Priya   " + filler, "ava@example.com", Now));
            await db.SaveChangesAsync();
        }
        var snippet = Assert.Single(await Notes(store, "budget owner")).Note!.Snippet;
        Assert.InRange(snippet.Length, 20, NoteSnippet.MaxLength);
        Assert.Contains("the budget owner is Priya", snippet);
        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        Assert.DoesNotContain("\n", snippet);
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task NotesWrittenBeforeTheMigration_AreFound(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, migrate: false);
        await using (var db = store.CreateContext())
        {
            await db.Database.GetService<IMigrator>().MigrateAsync("20261207070000_TimelineFieldClass");
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(Now.UtcDateTime), Now);
            db.Timeline.Add(Note(await db.Customers.Select(c => c.Id).FirstAsync(), "Old note about the warehouse move", "ava@example.com", Now));
            await db.SaveChangesAsync();
            await db.Database.MigrateAsync();
        }
        Assert.Equal("Acme Corporation", Assert.Single(await Notes(store, "warehouse")).Name);
    }
    [Theory]
    [InlineData("q123", true)]
    [InlineData("q12", true)]
    [InlineData("renewal q77", true)]
    [InlineData("renewal", false)] // in every note: only ever read through the hours of the newest notes
    public async Task OnPostgres_TheNoteQuery_IsAnsweredFromTheNoteIndex(string words, bool byWordsAloneToo)
    {
        // The statement must repeat the indexed expressions and predicate exactly; otherwise PostgreSQL reads every note.
        await using var store = await StoreAsync(TestStore.Postgres);
        await using var db = store.CreateContext();
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO timeline ("CustomerId", "Kind", "FieldClass", "Text", "ActorEmail", "Platform", "At")
            SELECT (SELECT min("Id") FROM customers), 'Note', 1, 'renewal call about q' || g, 'ava@example.com', 'Slack', now() - g * interval '1 minute'
            FROM generate_series(1, 20000) g;
            ANALYZE timeline;
            """);
        // Over 20,000 notes reading them all (in a sequence, or whole through the index of their times) can be the cheaper
        // plan, and PostgreSQL may take it; what is checked here is that the statements can be answered from the note index
        // at all (over millions of notes it is by far the cheapest: bench/results/*-note-search.md). So no sequential scan,
        // and the index of times is set aside (dropped within a transaction that is rolled back).
        await db.Database.OpenConnectionAsync();
        await using var setAside = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off; DROP INDEX ix_timeline_note_at");
        var query = NoteQuery.Parse(words)!;
        var hour = (int)Math.Floor(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 3_600_000.0);
        (DateTimeOffset, long) newest = (DateTimeOffset.UtcNow.AddDays(1), long.MaxValue);
        var statements = new List<(string Sql, bool AsksForHours)>
        {
            (PostgresCustomerSearch.WindowSql(query, true, BasicOnly, 12, null, hour - 2), true),
            (PostgresCustomerSearch.WindowSql(query, false, BasicOnly, 12, null, hour - 2), true),
            (PostgresCustomerSearch.WindowSql(query, true, BasicOnly, 12, newest, hour - 40), true),
        };
        if (byWordsAloneToo)
            statements.AddRange([(PostgresCustomerSearch.WordsSql(query, BasicOnly, 12, null, null), false),
                (PostgresCustomerSearch.WordsSql(query, BasicOnly, 12, newest, hour - 2), false)]);
        foreach (var (sql, asksForHours) in statements)
        {
            var plan = await ExplainAsync(db, sql);
            Assert.True(plan.Contains("ix_timeline_note_hour_words", StringComparison.Ordinal), plan);
            Assert.DoesNotContain("Seq Scan on timeline", plan);
            // Hours are asked of the index only for a window; "every hour before this one" would gather nearly every note.
            var indexConditions = string.Join("\n", plan.Split('\n').Where(l => l.Contains("Index Cond", StringComparison.Ordinal)));
            Assert.Equal(asksForHours, indexConditions.Contains("3600", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task OnPostgres_AWordInMostNotes_FindsTheNewestNotes_ThroughTheWindowOfNewestNotes()
    {
        await using var store = await StoreAsync(TestStore.Postgres);
        await using (var db = store.CreateContext())
        {
            // 20,000 old notes on Acme, then one newer note on each of Globex and Hooli, and a newest one hidden by class on Initech.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO timeline ("CustomerId", "Kind", "FieldClass", "Text", "ActorEmail", "Platform", "At")
                SELECT (SELECT "Id" FROM customers WHERE "Name" = 'Acme Corporation'), 'Note', 1, 'renewal call about q' || g, 'ava@example.com', 'Slack',
                       '2026-01-01'::timestamptz + g * interval '1 minute'
                FROM generate_series(1, 20000) g;
                ANALYZE timeline;
                """);
            db.Timeline.AddRange(
                Note(await db.Customers.Where(c => c.Name == "Globex Ltd").Select(c => c.Id).SingleAsync(), "renewal signed", "sam@example.com", Now.AddDays(-2)),
                Note(await db.Customers.Where(c => c.Name == "Hooli").Select(c => c.Id).SingleAsync(), "Renewal risk", "ava@example.com", Now.AddDays(-1)),
                Note(await db.Customers.Where(c => c.Name == "Initech").Select(c => c.Id).SingleAsync(), "renewal invoice", "fiona@example.com", Now, FieldClass.Financial));
            await db.SaveChangesAsync();
        }
        var hits = await Notes(store, "renewal", limit: 4);
        Assert.Equal(["Hooli", "Globex Ltd", "Acme Corporation"], hits.Select(h => h.Name));
        Assert.Equal("renewal call about q20000", hits[2].Note!.Snippet);
        // Past the newest notes: the words of the oldest note are still found.
        Assert.Equal("renewal call about q1", Assert.Single(await Notes(store, "renewal q1")).Note!.Snippet);
    }

    public static TheoryData<double, long, long, double> Tunings => new()
    {
        { 0, 4, 400, 0 },           // hours always asked, a few at first, then eight times more, then the index by words alone;
                                    // a prefix tested on the notes they find
        { 0, 4, 400, 1e9 },         // the same, a prefix looked up in the index
        { 0, 4, 1_000_000, 0 },     // hours asked until the oldest note
        { 1500, 256, 65_536, 20_000 }, // as shipped: over a few thousand notes, the index by words alone
    };

    [Theory]
    [MemberData(nameof(Tunings))]
    public async Task OnPostgres_EveryPathThroughTheIndex_ReadsExactlyTheMatchingNotes_NewestFirst_PageAfterPage(double fewMatches, long minWindow,
        long maxWindow, double maxPrefixNotes)
    {
        await using var store = await StoreAsync(TestStore.Postgres);
        await using (var db = store.CreateContext())
        {
            // 3,000 notes, three at each instant (ties broken by id), seven minutes apart (so some fall on the hour), busier
            // recently; every fifth note commercial; words in half, a fortieth, a two-hundredth of the notes, one prefix
            // starting two words. Then notes newer than the statistics, as between two ANALYZEs.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO timeline ("CustomerId", "Kind", "FieldClass", "Text", "ActorEmail", "Platform", "At")
                SELECT (SELECT min("Id") FROM customers) + g % 5, 'Note', CASE WHEN g % 5 = 0 THEN 4 ELSE 1 END,
                       concat_ws(' ', 'note', CASE WHEN g % 2 = 0 THEN 'alpha' END, CASE WHEN g % 41 = 0 THEN 'beta' END,
                                 CASE WHEN g % 199 = 0 THEN 'gamma' END, CASE WHEN g % 97 = 0 THEN 'gammaray' END, 'n' || g),
                       'ava@example.com', 'Slack', '2026-12-01T00:00:00Z'::timestamptz - (g / 3) * (g / 3) * interval '7 seconds'
                FROM generate_series(1, 3000) g;
                ANALYZE timeline;
                INSERT INTO timeline ("CustomerId", "Kind", "FieldClass", "Text", "ActorEmail", "Platform", "At")
                SELECT (SELECT min("Id") FROM customers), 'Note', 1, 'later alpha beta gamma', 'ava@example.com', 'Slack',
                       '2026-12-02T00:00:00Z'::timestamptz + g * interval '20 minutes'
                FROM generate_series(1, 30) g;
                """);
        }
        Assert.Equal(FieldClass.Commercial, (FieldClass)4);
        foreach (var words in (string[])["alpha", "beta", "gamma", "gam", "alpha beta", "beta alp", "alpha gam", "note", "n2999", "zzz"])
        foreach (var readable in (FieldClass[])[BasicOnly, BasicOnly | FieldClass.Commercial])
        {
            var query = NoteQuery.Parse(words)!;
            await using var db = store.CreateContext();
            var (tsquery, classes) = (query.ToTsQuery(), (int)readable);
            var expected = await db.Database.SqlQuery<long>($"""
                SELECT "Id" AS "Value" FROM timeline WHERE "Kind" = 'Note' AND to_tsvector('simple', "Text") @@ to_tsquery('simple', {tsquery})
                  AND ("FieldClass" & {classes}) = "FieldClass" ORDER BY "At" DESC, "Id" DESC
                """).ToListAsync();
            var search = new PostgresCustomerSearch(db, new PostgresCustomerSearch.NoteSearchTuning(fewMatches, minWindow, maxWindow, maxPrefixNotes));
            var read = new List<long>();
            NoteRow? after = null;
            for (var page = 0; page < 1000; page++)
            {
                var rows = await search.NewestNotesAsync(query, readable, after, 25, default);
                read.AddRange(rows.Select(r => r.EntryId));
                if (rows.Count < 25) break;
                after = rows[^1];
            }
            Assert.True(expected.SequenceEqual(read), $"'{words}' at {readable}: expected {expected.Count} notes, read {read.Count}");
        }
    }

    private static async Task<string> ExplainAsync(CrmDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN " + sql;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join("\n", lines);
    }
}

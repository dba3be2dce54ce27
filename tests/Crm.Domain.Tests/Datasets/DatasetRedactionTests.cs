using System.Globalization;
using System.Text;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Datasets;
using Crm.Domain.Demo;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Crm.Domain.Reports;
using Crm.Domain.Storage;
using Crm.Domain.Timeline;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ParquetSharp;

namespace Crm.Domain.Tests.Datasets;

/// <summary>
/// Every role × every table × both formats, on both stores: a file holds exactly the columns whose class the
/// role reads (the others are absent, not blank), exactly the rows in its scope (counted here from the
/// seeded rows), and no value of a hidden class. Parquet is read back with ParquetSharp (Apache Arrow's C++
/// reader), not with Parquet.Net that wrote it; CSV with a small RFC 4180 reader of this test, not CsvHelper.
/// The text report with filters is held to the same rule.
/// </summary>
public sealed class DatasetRedactionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => [TestStore.Postgres, TestStore.Sqlite];

    /// <summary>A marker per class, written into timeline entries of that class: it may appear only where the class may be read.</summary>
    private static readonly (FieldClass Class, string Marker)[] Markers =
    [
        (FieldClass.Basic, "marker-basic"), (FieldClass.Contact, "marker-contact"), (FieldClass.Commercial, "marker-commercial"),
        (FieldClass.Support, "marker-support"), (FieldClass.Financial, "marker-financial"),
    ];

    private const string Formula = "=HYPERLINK(\"http://evil.example\")";

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task EveryRole_GetsExactlyItsColumnsAndRows_InEveryTableAndFormat(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var time = new FakeTimeProvider(Now);
        await SeedAsync(store, time);

        await using var read = store.CreateContext();
        var customers = await read.Customers.AsNoTracking().ToListAsync();
        var contacts = await read.Contacts.AsNoTracking().ToListAsync();
        var timeline = await read.Timeline.AsNoTracking().ToListAsync();
        var expectedKeys = new Dictionary<string, Func<FieldClass, HashSet<string>>>
        {
            ["customers"] = _ => customers.Select(c => c.HumanId).ToHashSet(),
            ["contacts"] = _ => contacts.Select(c => c.HumanId).ToHashSet(),
            ["deals"] = _ => read.Deals.AsNoTracking().AsEnumerable().Select(d => d.HumanId).ToHashSet(),
            ["tickets"] = _ => read.Tickets.AsNoTracking().AsEnumerable().Select(t => t.HumanId).ToHashSet(),
            ["invoices"] = _ => read.Invoices.AsNoTracking().AsEnumerable().Select(i => i.HumanId).ToHashSet(),
            ["timeline"] = reads => timeline.Where(t => reads.CanRead(t.FieldClass)).Select(t => t.Id.ToString(CultureInfo.InvariantCulture)).ToHashSet(),
        };
        var contactEmails = contacts.Select(c => c.Email).OfType<string>().ToList();
        Assert.NotEmpty(contactEmails);

        foreach (var role in Enum.GetValues<Role>())
        {
            var reads = RolePolicy.ReadableBy(role);
            var person = new Principal($"{role.Name()}@example.com", role.Name(), null, [], role, null, null, "test");
            foreach (var format in Enum.GetValues<DatasetFormat>())
            {
                var folder = Directory.CreateTempSubdirectory("crm-dataset-").FullName;
                try
                {
                    await using (var db = store.CreateContext())
                        // A small batch: many batches (and Parquet row groups) per table.
                        await new DatasetExporter(db, time).ExportAsync(person, format, folder, "test", "export dataset", default, batchSize: 37);
                    var because = $"{provider}, {role.Name()}, {format}";
                    var cells = new List<string>();
                    foreach (var table in DatasetTables.All)
                    {
                        var file = Path.Combine(folder, table.Name + DatasetExporter.Extension(format));
                        Assert.True(TablesShownByRedactor(person).Contains(table.Name) == reads.CanRead(table.Needs), $"{because}: {table.Name} against the redactor");
                        if (!reads.CanRead(table.Needs))
                        {
                            Assert.False(File.Exists(file), $"{because}: {table.Name} written");
                            continue;
                        }
                        var (header, rows) = format == DatasetFormat.Parquet ? ReadParquet(file, table) : ReadCsv(file);
                        Assert.Equal(table.Columns.Where(c => reads.CanRead(c.Class)).Select(c => c.Name), header);
                        if (table.Name == "customers") Assert.Equal(CustomerColumnsShownByRedactor(person), header);
                        Assert.All(header, name => Assert.True(reads.CanRead(table.Columns.Single(c => c.Name == name).Class), $"{because}: {table.Name}.{name}"));
                        var keys = rows.Select(r => r[0]!).ToList();
                        Assert.True(keys.Count == keys.Distinct().Count(), $"{because}: {table.Name} repeats a row");
                        Assert.True(expectedKeys[table.Name](reads).SetEquals(keys), $"{because}: {table.Name} rows {keys.Count}");
                        cells.AddRange(rows.SelectMany(r => r).OfType<string>());
                    }
                    foreach (var (cls, marker) in Markers)
                        Assert.True(reads.CanRead(cls) == cells.Any(c => c.Contains(marker, StringComparison.Ordinal)), $"{because}: {marker}");
                    Assert.True(reads.CanRead(FieldClass.Contact) == cells.Any(c => contactEmails.Contains(c)), $"{because}: contact e-mails");
                    if (format == DatasetFormat.Csv)
                        Assert.Contains("'" + Formula, cells);
                    else
                        Assert.Contains(Formula, cells);

                    // schema.md lists exactly the columns written.
                    var schema = await File.ReadAllTextAsync(Path.Combine(folder, DatasetExporter.SchemaFileName));
                    var documented = schema.Split('\n').Count(l => l.StartsWith("| `", StringComparison.Ordinal));
                    Assert.Equal(DatasetTables.All.Where(t => reads.CanRead(t.Needs)).Sum(t => t.Columns.Count(c => reads.CanRead(c.Class))), documented);
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            }

            // The text report with a filter: records of a class appear only where the role reads that class.
            await using var reportDb = store.CreateContext();
            foreach (var kind in ReportKinds.All)
            {
                var report = await new ReportQueries(reportDb, time).RunAsync(kind, null, new ReportFilter(Region: "EMEA"), default);
                var json = ReportReplyBuilder.Build(report, new ReportAudience(role.Name(), reads, ReplyVisibility.Private)).ToJson();
                Assert.True(!json.Contains("\"D-1", StringComparison.Ordinal) && !json.Contains(" D-1", StringComparison.Ordinal) || reads.CanRead(FieldClass.Commercial), $"{role} {kind} deals");
                Assert.True(!json.Contains("T-1", StringComparison.Ordinal) || reads.CanRead(FieldClass.Support), $"{role} {kind} tickets");
                Assert.True(!json.Contains("INV-1", StringComparison.Ordinal) || reads.CanRead(FieldClass.Financial), $"{role} {kind} invoices");
                Assert.DoesNotContain(contactEmails, e => json.Contains(e, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task APersonWithoutARole_GetsNothing()
    {
        await using var store = await TestStore.CreateAsync(TestStore.Sqlite);
        var folder = Directory.CreateTempSubdirectory("crm-dataset-").FullName;
        try
        {
            await using var db = store.CreateContext();
            var nobody = new Principal(null, "stranger@example.com", null, [], null, null, null, "No role mapping matches you.");
            var refused = await Assert.ThrowsAsync<DomainException>(() =>
                new DatasetExporter(db, new FakeTimeProvider(Now)).ExportAsync(nobody, DatasetFormat.Csv, folder, "test", "export dataset", default));
            Assert.Contains("has no CRM role", refused.Message);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A card with every part filled, cut by <see cref="Redactor"/>: the independent account of what a person may read.</summary>
    private static CustomerView Redacted(Principal person) => Redactor.Redact(new CustomerView
    {
        Id = "C-1", Name = "n", Domain = "d.example", Industry = "i", Segment = "s", Region = "r", Owner = "o@example.com", Lifecycle = "customer",
        Arr = 1m, Currency = "USD", Health = 50, OpenTickets = 1,
        Contacts = [new ContactLine("P-1", "p", null, null, null)],
        Deals = [new Crm.Domain.Access.DealLine("D-1", "d", "qualify", 1m, "USD", null, null)],
        Tickets = [new Crm.Domain.Access.TicketLine("T-1", "t", "low", "open", Now)],
        Invoices = [new Crm.Domain.Access.InvoiceLine("INV-1", 1m, "USD", new DateOnly(2026, 1, 1), false, true)],
    }, Audience.Private(person)).View;

    private static IReadOnlyList<string> CustomerColumnsShownByRedactor(Principal person)
    {
        var v = Redacted(person);
        var basic = v.Domain is not null;
        return new (bool Shown, string Name)[]
        {
            (true, "customer_id"), (true, "name"), (basic, "domain"), (basic, "industry"), (basic, "segment"), (basic, "region"), (basic, "owner"),
            (basic, "lifecycle"), (v.Health is not null, "health_score"), (v.Arr is not null, "arr"), (v.Currency is not null, "arr_currency"),
            (basic, "created_at"), (basic, "updated_at"),
        }.Where(c => c.Shown).Select(c => c.Name).ToList();
    }

    private static HashSet<string> TablesShownByRedactor(Principal person)
    {
        var v = Redacted(person);
        var shown = new HashSet<string> { "customers", "timeline" };
        if (v.Contacts.Count > 0) shown.Add("contacts");
        if (v.Deals.Count > 0) shown.Add("deals");
        if (v.Tickets.Count > 0) shown.Add("tickets");
        if (v.Invoices.Count > 0) shown.Add("invoices");
        return shown;
    }

    private static async Task SeedAsync(TestStore store, TimeProvider time)
    {
        await using (var db = store.CreateContext())
            await new DemoSeeder(db, time).SeedAsync(120, DemoSeeder.DefaultSeed, null, default);
        await using var write = store.CreateContext();
        var odd = new Customer(9001, Formula, null, "EMEA", null) { Industry = "@SUM(A1)", Segment = "+cmd", CreatedAt = Now, UpdatedAt = Now };
        write.Customers.Add(odd);
        await write.SaveChangesAsync();
        var some = await write.Customers.OrderBy(c => c.Number).Take(6).Select(c => c.Id).ToListAsync();
        foreach (var id in some)
            foreach (var (cls, marker) in Markers)
                write.Timeline.Add(new TimelineEntry(id, TimelineKind.Note, cls, $"{marker} about {id}", "ava@example.com", Platform.Slack, null, null, Now));
        await write.SaveChangesAsync();
    }

    /// <summary>Every row as strings (null for empty), by ParquetSharp's typed readers, with the header.</summary>
    private static (List<string> Header, List<string?[]> Rows) ReadParquet(string file, IDatasetTable table)
    {
        using var reader = new ParquetFileReader(file);
        var meta = reader.FileMetaData;
        var header = Enumerable.Range(0, meta.NumColumns).Select(i => meta.Schema.Column(i).Name).ToList();
        var rows = new List<string?[]>();
        for (var g = 0; g < meta.NumRowGroups; g++)
        {
            using var group = reader.RowGroup(g);
            var n = checked((int)group.MetaData.NumRows);
            var columns = header.Select((name, i) => Read(group.Column(i), table.Columns.Single(c => c.Name == name).Type, n)).ToList();
            for (var r = 0; r < n; r++) rows.Add(columns.Select(c => c[r]).ToArray());
        }
        Assert.Equal(meta.NumRows, rows.Count);
        return (header, rows);
    }

    private static string?[] Read(ColumnReader column, DatasetType type, int n)
    {
        using (column)
        {
            return type switch
            {
                DatasetType.Text => column.LogicalReader<string?>().ReadAll(n),
                DatasetType.Integer => column.LogicalReader<long?>().ReadAll(n).Select(v => v?.ToString(CultureInfo.InvariantCulture)).ToArray(),
                DatasetType.Decimal => column.LogicalReader<decimal?>().ReadAll(n).Select(v => v?.ToString(CultureInfo.InvariantCulture)).ToArray(),
                DatasetType.Date => column.LogicalReader<Date?>().ReadAll(n).Select(v => v?.DateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(),
                DatasetType.Timestamp => column.LogicalReader<DateTime?>().ReadAll(n).Select(v => v?.ToString("O", CultureInfo.InvariantCulture)).ToArray(),
                _ => column.LogicalReader<bool?>().ReadAll(n).Select(v => v?.ToString()).ToArray(),
            };
        }
    }

    /// <summary>RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; an empty field is null.</summary>
    private static (List<string> Header, List<string?[]> Rows) ReadCsv(string file)
    {
        var text = File.ReadAllText(file, System.Text.Encoding.UTF8);
        var records = new List<string?[]>();
        var fields = new List<string?>();
        var field = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
                continue;
            }
            switch (ch)
            {
                case '"': quoted = wasQuoted = true; break;
                case ',': fields.Add(Cell()); break;
                case '\r': break;
                case '\n': fields.Add(Cell()); records.Add([.. fields]); fields.Clear(); break;
                default: field.Append(ch); break;
            }
        }
        if (field.Length > 0 || fields.Count > 0) { fields.Add(Cell()); records.Add([.. fields]); }
        Assert.All(records, r => Assert.Equal(records[0].Length, r.Length));
        return (records[0].Select(h => h!).ToList(), records.Skip(1).ToList());

        string? Cell()
        {
            var value = field.Length == 0 && !wasQuoted ? null : field.ToString();
            field.Clear();
            wasQuoted = false;
            return value;
        }
    }
}

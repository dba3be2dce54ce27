using System.Data.Common;
using System.Text;
using Crm.Domain.Customers;
using Crm.Domain.Customers.Csv;
using Crm.Domain.Storage;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Domain.Tests.Customers;

/// <summary>
/// Updating and creating many customers is batched: the statements the import sends grow with the
/// number of chunks and batches, not with the number of lines. Counted with an interceptor, not timed.
/// </summary>
public sealed class CustomerCsvUpdateRoundTripTests : IAsyncLifetime
{
    private const int Customers = 1200;
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        for (var i = 1; i <= Customers; i++)
            db.Customers.Add(new Customer(1000 + i, $"Customer {i}", $"customer{i}.example", "EMEA", null) { Industry = "Software" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Commands;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Commands);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Commands);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Commands);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private async Task<(CustomerImportReport Report, int Commands)> ImportCountingAsync(string csv)
    {
        var counter = new CommandCounter();
        await using var db = new PostgresCrmDbContext(new DbContextOptionsBuilder<PostgresCrmDbContext>()
            .UseNpgsql(_database.ConnectionString).AddInterceptors(counter).Options);
        var importer = new CustomerCsvImporter(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)));
        var report = await importer.ImportAsync(new StringReader(csv), skipInvalid: false, "cli:test", "import customers big.csv", CancellationToken.None);
        return (report, counter.Commands);
    }

    [Fact]
    public async Task CreatingAThousandCustomersWithContacts_GoesThroughTheBulkPath_InAFewStatements()
    {
        var csv = new StringBuilder("name,domain,contact_name,contact_email\n");
        for (var i = 1; i <= Customers; i++)
            csv.Append($"New {i},new{i}.example,Person {i},person{i}@new{i}.example\n");

        var (report, commands) = await ImportCountingAsync(csv.ToString());

        Assert.Empty(report.Problems);
        Assert.Equal(Customers, report.Creates);
        Assert.True(commands < 60, $"{commands} database commands for {Customers} created lines");
        await using var check = _database.CreateContext();
        Assert.Equal(2 * Customers, await check.Customers.CountAsync());
        Assert.Equal(Customers, await check.Contacts.CountAsync());
        Assert.Equal(Customers, await check.Contacts.Join(check.Customers, p => p.CustomerId, c => c.Id, (p, c) => new { p.Email, c.Domain })
            .CountAsync(x => x.Email!.EndsWith("@" + x.Domain)));
        // The keys came from the tables' sequences: the next ordinary insert does not collide with them.
        var after = new Customer(9999, "Inserted Afterwards", "after.example", "EMEA", null);
        after.Contacts.Add(new Contact(9999, 0, "Pat After", "pat@after.example", null));
        check.Customers.Add(after);
        await check.SaveChangesAsync();
    }

    [Fact]
    public async Task UpdatingAThousandCustomers_TakesAFewDozenRoundTrips_NotOnePerLine()
    {
        var csv = new StringBuilder("id,name,industry,health\n");
        for (var i = 1; i <= Customers; i++)
            csv.Append($"C-{1000 + i},Customer {i},Retail,{i % 101}\n");
        var (report, commands) = await ImportCountingAsync(csv.ToString());

        Assert.Empty(report.Problems);
        Assert.Equal(Customers, report.Updates);
        // 1,200 customers, 2 fields each: 1,200 updates, 2,400 timeline entries and 1,201 audit rows are written.
        Assert.True(commands < 60, $"{commands} database commands for {Customers} updated lines");
        await using var check = _database.CreateContext();
        Assert.Equal(Customers, await check.Customers.CountAsync(c => c.Industry == "Retail"));
        Assert.Equal(2 * Customers, await check.Timeline.CountAsync());
    }
}

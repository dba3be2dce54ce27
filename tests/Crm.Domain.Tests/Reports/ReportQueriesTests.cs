using Crm.Domain.Reports;
using Crm.Domain.Storage;
using Crm.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Domain.Tests.Reports;

public sealed class ReportQueriesTests
{
    private static ReportQueries Queries(CrmDbContext db) => new(db, new FakeTimeProvider(ReportScenario.Now));

    [Fact]
    public async Task Reports_OnPostgres_CountTheDemoRecordsExactly()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var seed = database.CreateContext()) ReportScenario.Seed(seed);
        await using var db = database.CreateContext();
        await AssertAll(Queries(db));
    }

    [Fact]
    public async Task Reports_OnTheEmbeddedStore_CountTheSame()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite(connection).Options;
        await using (var seed = new SqliteCrmDbContext(options))
        {
            await seed.Database.MigrateAsync();
            ReportScenario.Seed(seed);
        }
        await using var db = new SqliteCrmDbContext(options);
        await AssertAll(Queries(db));
    }

    [Fact]
    public async Task Reports_OnAnEmptyDatabase_AreEmpty()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var db = database.CreateContext();
        foreach (var kind in ReportKinds.All)
            Assert.True((await Queries(db).RunAsync(kind, null, CancellationToken.None)).IsEmpty, kind.ToString());
    }

    [Fact]
    public async Task Reports_WithoutSince_LookBackOneWeek()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var seed = database.CreateContext()) ReportScenario.Seed(seed);
        await using var db = database.CreateContext();
        var report = await Queries(db).PipelineAsync(null, CancellationToken.None);
        Assert.Equal(ReportScenario.Since, report.Since);
        Assert.Equal(2, report.MovesSince);

        var sinceYesterdayMorning = await Queries(db).PipelineAsync(ReportScenario.Now.AddHours(-20), CancellationToken.None);
        Assert.Equal(0, sinceYesterdayMorning.MovesSince);
        Assert.Equal(0, sinceYesterdayMorning.CreatedSince);
    }

    private static async Task AssertAll(ReportQueries queries)
    {
        var ct = CancellationToken.None;
        ReportExpectations.Pipeline(await queries.PipelineAsync(ReportScenario.Since, ct));
        ReportExpectations.Tickets(await queries.TicketsAsync(ReportScenario.Since, ct));
        ReportExpectations.Renewals(await queries.RenewalsAsync(ReportScenario.Since, ct));
        ReportExpectations.Overdue(await queries.OverdueAsync(ReportScenario.Since, ct));
        ReportExpectations.Quality(await queries.QualityAsync(ReportScenario.Since, ct));
    }
}

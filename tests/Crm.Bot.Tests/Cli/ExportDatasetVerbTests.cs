using Crm.Domain.Audit;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Parquet;

namespace Crm.Bot.Tests.Cli;

/// <summary>`export dataset` through the real composition root on PostgreSQL: what it writes, what it refuses, and its audit row.</summary>
public sealed class ExportDatasetVerbTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _folder = Directory.CreateTempSubdirectory("crm-export-dataset-").FullName;
        var (exit, output) = await Run("seed", "--customers", "30");
        Assert.True(exit == 0, output);
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        await _database.DisposeAsync();
    }

    private Task<(int Exit, string Output)> Run(params string[] args) =>
        CliHarness.RunAsync(new Dictionary<string, string?> { ["ConnectionStrings:Crm"] = _database.ConnectionString }, args);

    [Fact]
    public async Task ADataset_IsWrittenAtThePersonsClearance_WithItsSchema_AndAudited()
    {
        var sales = Path.Combine(_folder, "ava");
        var (exit, output) = await Run("export", "dataset", "--as", "ava@example.com", "--format", "parquet", "--out", sales);
        Assert.True(exit == 0, output);
        Assert.Contains("Dataset at the clearance of ava@example.com (sales-rep)", output);
        Assert.Contains("tickets    not written: its records are support data, which sales-rep may not read", output);
        Assert.Equal(["contacts.parquet", "customers.parquet", "deals.parquet", "schema.md", "timeline.parquet"],
            Directory.GetFiles(sales).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // Read back through Parquet.Net's untyped deserializer (the export writes with its column writer).
        await using (var file = File.OpenRead(Path.Combine(sales, "customers.parquet")))
        {
            var result = await Parquet.Serialization.ParquetSerializer.DeserializeUntypedAsync(file, new ParquetOptions());
            Assert.Equal(31, result.Data.Count);
            Assert.Contains(result.Data, row => (string)row["customer_id"] == "C-1001" && (string)row["name"] == "Acme Corporation");
        }

        var finance = Path.Combine(_folder, "fiona");
        (exit, output) = await Run("export", "dataset", "--as", "fiona@example.com", "--format", "csv", "--out", finance);
        Assert.True(exit == 0, output);
        var header = (await File.ReadAllLinesAsync(Path.Combine(finance, "customers.csv")))[0];
        Assert.Equal("customer_id,name,domain,industry,segment,region,owner,lifecycle,arr,arr_currency,created_at,updated_at", header);
        Assert.True(File.Exists(Path.Combine(finance, "invoices.csv")));
        Assert.False(File.Exists(Path.Combine(finance, "contacts.csv")));
        var schema = await File.ReadAllTextAsync(Path.Combine(finance, "schema.md"));
        Assert.Contains("| `arr` | decimal(18,2) | commercial | annual recurring revenue |", schema);
        Assert.Contains("## contacts — not written", schema);
        Assert.DoesNotContain("health_score", schema);

        await using var db = _database.CreateContext();
        var audit = await db.Audit.Where(a => a.Action == AuditAction.Export).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["export dataset --as ava@example.com --format parquet", "export dataset --as fiona@example.com --format csv"], audit.Select(a => a.Command));
        Assert.StartsWith("dataset (csv) at the clearance of fiona@example.com (finance-analyst): customers 31 rows, 12 columns, contacts not written", audit[1].Detail);
    }

    [Fact]
    public async Task AFolderHoldingADataset_IsReplacedOnlyWithForce_AndLosesTablesTheNewPersonMayNotRead()
    {
        var folder = Path.Combine(_folder, "shared");
        Assert.Equal(0, (await Run("export", "dataset", "--as", "eve@example.com", "--format", "csv", "--out", folder)).Exit);
        Assert.True(File.Exists(Path.Combine(folder, "invoices.csv")));

        var (exit, output) = await Run("export", "dataset", "--as", "mia@example.com", "--format", "csv", "--out", folder);
        Assert.Equal(2, exit);
        Assert.Contains("already holds a dataset", output);

        (exit, output) = await Run("export", "dataset", "--as", "mia@example.com", "--format", "csv", "--out", folder, "--force");
        Assert.True(exit == 0, output);
        Assert.Equal(["customers.csv", "schema.md", "timeline.csv"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("--as nobody@example.com --format csv --out {0}/x", 1, "'nobody@example.com' has no CRM role, so nothing may be exported at their clearance.")]
    [InlineData("--as ava@example.com --format xlsx --out {0}/x", 2, "--format 'xlsx' is not a dataset format; use parquet or csv.")]
    [InlineData("--as ava@example.com --out {0}/x", 2, "--format parquet|csv is required.")]
    [InlineData("--format csv --out {0}/x", 2, "--as <email> is required")]
    [InlineData("--as ava@example.com --format csv", 2, "--out <folder> is required")]
    [InlineData("--as ava@example.com --format csv --out {0}/file.txt/x", 1, "Cannot write into '{0}/file.txt/x'")]
    [InlineData("--as ava@example.com --format csv --out {0}/file.txt", 1, "--out '{0}/file.txt' is a file; give a folder.")]
    public async Task BadArguments_AreExplained_AndWriteNothing(string line, int expectedExit, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "file.txt"), "not a folder");
        var (exit, output) = await Run(["export", "dataset", .. string.Format(line, _folder).Split(' ')]);
        Assert.True(expectedExit == exit, output);
        Assert.Contains(string.Format(message, _folder), output);
        Assert.False(Directory.Exists(Path.Combine(_folder, "x")) && Directory.GetFiles(Path.Combine(_folder, "x")).Length > 0);
        await using var db = _database.CreateContext();
        Assert.False(await db.Audit.AnyAsync(a => a.Action == AuditAction.Export));
    }
}

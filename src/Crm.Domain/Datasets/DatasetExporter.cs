using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Storage;

namespace Crm.Domain.Datasets;

/// <summary>
/// Writes an analyst dataset at one person's clearance: one file per table of <see cref="DatasetTables"/>,
/// with only the columns whose field class the person's role may read (<see cref="FieldClasses.CanRead"/>, the
/// rule <see cref="Redactor"/> applies) and only the rows in their scope; a table whose records they may not
/// read is not written. Rows are read and written in batches; each file is written beside its final name
/// and moved into place when complete. A <c>schema.md</c> documents every column written. Audited.
/// </summary>
public sealed class DatasetExporter(CrmDbContext db, TimeProvider time)
{
    public const int DefaultBatchSize = 50_000;

    public static string Extension(DatasetFormat format) => format == DatasetFormat.Parquet ? ".parquet" : ".csv";

    /// <summary>The files an export may write into a folder (for the overwrite check).</summary>
    public static IEnumerable<string> FileNames =>
        DatasetTables.All.SelectMany(t => Enum.GetValues<DatasetFormat>().Select(f => t.Name + Extension(f))).Append(SchemaFileName);

    public const string SchemaFileName = "schema.md";

    public async Task<DatasetExport> ExportAsync(Principal person, DatasetFormat format, string directory, string actor, string command,
        CancellationToken ct, int batchSize = DefaultBatchSize)
    {
        if (person.Role is not { } role || person.Email is null)
            throw new DomainException($"'{person.Email ?? person.DisplayName}' has no CRM role, so there is nothing they may read to export. {person.Why}");
        var reads = person.Reads;
        var results = new List<DatasetTableResult>();
        foreach (var table in DatasetTables.All)
        {
            if (!reads.CanRead(table.Needs))
            {
                results.Add(new DatasetTableResult(table.Name, null, 0, [], table.Columns.Count,
                    $"its records are {table.Needs.Name()} data, which {role.Name()} may not read"));
                continue;
            }
            var columns = table.Columns.Where(c => reads.CanRead(c.Class)).ToList();
            var file = Path.Combine(directory, table.Name + Extension(format));
            var started = time.GetTimestamp();
            var rows = await WriteTableAsync(table, columns, reads, format, file, batchSize, ct);
            results.Add(new DatasetTableResult(table.Name, file, rows, columns, table.Columns.Count - columns.Count, null)
            {
                Elapsed = time.GetElapsedTime(started),
            });
        }

        var export = new DatasetExport(person.Email, role.Name(), format, directory, Path.Combine(directory, SchemaFileName), results);
        await File.WriteAllTextAsync(export.SchemaFile, DatasetSchemaDocument.Write(export, reads, time.GetUtcNow()), ct);

        db.Audit.Add(new AuditRecord
        {
            At = time.GetUtcNow(), Actor = actor, Platform = Platform.Cli, Command = command, Action = AuditAction.Export,
            Outcome = AuditOutcome.Allowed,
            Detail = $"dataset ({format.ToString().ToLowerInvariant()}) at the clearance of {person.Email} ({role.Name()}): " +
                     string.Join(", ", results.Select(r => r.File is null ? $"{r.Table} not written" : $"{r.Table} {r.Rows} rows, {r.Written.Count} columns")),
        });
        await db.SaveChangesAsync(ct);
        return export;
    }

    private async Task<long> WriteTableAsync(IDatasetTable table, IReadOnlyList<DatasetColumn> columns, FieldClass reads, DatasetFormat format,
        string file, int batchSize, CancellationToken ct)
    {
        var partial = file + ".partial";
        long rows = 0;
        try
        {
            var stream = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
            await using (IDatasetTableWriter writer = format == DatasetFormat.Parquet
                             ? await ParquetTableWriter.CreateAsync(stream, columns, ct)
                             : new CsvTableWriter(stream, columns))
            {
                await foreach (var batch in table.ReadAsync(db, reads, columns, batchSize, ct))
                {
                    await writer.WriteAsync(batch, ct);
                    rows += batch.Count;
                }
                await writer.CompleteAsync(ct);
            }
            File.Move(partial, file, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        return rows;
    }
}

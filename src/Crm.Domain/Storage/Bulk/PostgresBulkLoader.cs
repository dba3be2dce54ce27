using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Domain.Storage.Bulk;

/// <summary>Binary COPY into PostgreSQL, then the identity sequences moved past the written keys.</summary>
public sealed class PostgresBulkLoader(CrmDbContext db) : BulkLoader(db)
{
    private readonly HashSet<string> _tables = [];

    public override async Task<long> WriteAsync<T>(IEnumerable<T> rows, Func<T, long> key, CancellationToken cancellationToken)
    {
        var table = BulkTable.For<T>(Db);
        _tables.Add(table.Name);
        var connection = (NpgsqlConnection)Db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open) await connection.OpenAsync(cancellationToken);
        var types = table.Columns.Select(c => TypeOf(c.StoreType)).ToArray();
        var columnList = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table.Name}\" ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long count = 0;
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                var value = column.IsKey ? key(row) : column.Read(row);
                // Synchronous writes only fill the importer's buffer; one await per value would dominate a million-row load.
                if (value is null) importer.WriteNull();
                else if (value is DateTimeOffset at) importer.Write(at.ToUniversalTime(), types[i]);
                else importer.Write(value, types[i]);
            }
            count++;
        }
        await importer.CompleteAsync(cancellationToken);
        return count;
    }

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (var table in _tables)
        {
            // Table names come from the EF model, never from input.
            var sql = $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), GREATEST((SELECT MAX(\"Id\") FROM \"{table}\"), 1)); " +
                      $"ANALYZE \"{table}\";";
            await Db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static NpgsqlDbType TypeOf(string storeType)
    {
        var name = storeType.Split('(')[0].Trim().ToLowerInvariant();
        return name switch
        {
            "bigint" => NpgsqlDbType.Bigint,
            "integer" => NpgsqlDbType.Integer,
            "smallint" => NpgsqlDbType.Smallint,
            "boolean" => NpgsqlDbType.Boolean,
            "numeric" => NpgsqlDbType.Numeric,
            "double precision" => NpgsqlDbType.Double,
            "character varying" => NpgsqlDbType.Varchar,
            "text" => NpgsqlDbType.Text,
            "date" => NpgsqlDbType.Date,
            "timestamp with time zone" => NpgsqlDbType.TimestampTz,
            "uuid" => NpgsqlDbType.Uuid,
            "jsonb" => NpgsqlDbType.Jsonb,
            "bytea" => NpgsqlDbType.Bytea,
            _ => throw new NotSupportedException($"Bulk load has no mapping for column type '{storeType}'."),
        };
    }
}

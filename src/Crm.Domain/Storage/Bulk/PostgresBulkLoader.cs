using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Domain.Storage.Bulk;

/// <summary>
/// Binary COPY into PostgreSQL inside one transaction: a failed load leaves nothing behind. The
/// secondary indexes of each loaded table are dropped before its first COPY and rebuilt at the end
/// (in the same transaction), because building a GIN trigram index once is far cheaper than
/// updating it row by row. Then the identity sequences are moved past the written keys.
/// </summary>
public sealed class PostgresBulkLoader(CrmDbContext db, bool intoLiveTables = false) : BulkLoader(db)
{
    private readonly List<string> _tables = [];
    private readonly List<string> _indexDefinitions = [];
    private bool _started;

    public override async Task<long> WriteAsync<T>(IEnumerable<T> rows, Func<T, long> key, CancellationToken cancellationToken)
    {
        var table = BulkTable.For<T>(Db);
        var connection = (NpgsqlConnection)Db.Database.GetDbConnection();
        if (!_started)
        {
            _started = true;
            await EnsureTransactionAsync(cancellationToken);
            if (!intoLiveTables)
                await Execute(connection, "SET LOCAL maintenance_work_mem = '256MB'", cancellationToken);
        }
        if (!intoLiveTables && !_tables.Contains(table.Name))
        {
            _tables.Add(table.Name);
            await DropSecondaryIndexesAsync(connection, table.Name, cancellationToken);
        }

        var types = table.Columns.Select(c => TypeOf(c.StoreType)).ToArray();
        var columnList = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table.Name}\" ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        // The server may need long for a big COPY on a busy machine; cancellation still ends it.
        importer.Timeout = TimeSpan.Zero;
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

    public override async Task<IReadOnlyList<long>> ReserveKeysAsync<T>(int count, CancellationToken cancellationToken)
    {
        if (count == 0) return [];
        var table = BulkTable.For<T>(Db);
        var key = table.Columns.Single(c => c.IsKey).Name;
        // Names come from the EF model, never from input.
        var sql = $"SELECT nextval(pg_get_serial_sequence('\"{table.Name}\"', '{key}')) AS \"Value\" FROM generate_series(1, {count})";
        return await Db.Database.SqlQueryRaw<long>(sql).ToListAsync(cancellationToken);
    }

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (!_started) return;
        if (intoLiveTables)
        {
            await CommitOwnTransactionAsync(cancellationToken);
            return;
        }
        var connection = (NpgsqlConnection)Db.Database.GetDbConnection();
        foreach (var definition in _indexDefinitions) await Execute(connection, definition, cancellationToken);
        foreach (var table in _tables)
            await Execute(connection, $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), GREATEST((SELECT MAX(\"Id\") FROM \"{table}\"), 1))", cancellationToken);
        // ANALYZE may run inside a transaction; fresh statistics make the first searches use the indexes.
        foreach (var table in _tables) await Execute(connection, $"ANALYZE \"{table}\"", cancellationToken);
        // The name-word list is filled by a trigger during the load, into its GIN index's pending
        // list, which every search would scan until a vacuum: merge it into the index now.
        await Execute(connection, "SELECT gin_clean_pending_list('ix_customer_name_words_trgm')", cancellationToken);
        await Execute(connection, "ANALYZE customer_name_words", cancellationToken);
        await CommitOwnTransactionAsync(cancellationToken);
    }

    /// <summary>Drops the indexes that back no constraint (the primary key stays) and remembers how to rebuild them.</summary>
    private async Task DropSecondaryIndexesAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = $1
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.conrelid = $1::regclass)
            """, connection);
        find.Parameters.Add(new NpgsqlParameter { Value = table });
        var indexes = new List<(string Name, string Definition)>();
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) indexes.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var (name, definition) in indexes)
        {
            await Execute(connection, $"DROP INDEX \"{name}\"", cancellationToken);
            _indexDefinitions.Add(definition);
        }
    }

    // Statements here are built from catalog and model names only, never from input.
    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

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

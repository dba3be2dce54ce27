using Npgsql;

namespace Crm.Domain.Storage.Sharing;

/// <summary>
/// One statement about one row (an INSERT or UPDATE … RETURNING its key) with its values, kept as
/// plain data so the same statement can go into a shared batch and, should that batch fail, into a
/// batch of its own. <see cref="ReadsKey"/>: the statement returns a bigint key worth reading (a
/// generated id, or the id of the row an UPDATE matched).
/// </summary>
public sealed record RowStatement(string Sql, object?[] Values, bool ReadsKey)
{
    /// <summary>
    /// Runs the statements as one batch and returns each key read (null where none is read, or an
    /// UPDATE matched no row).
    /// Without <paramref name="transaction"/> the server runs the batch as one implicit transaction:
    /// all rows or none.
    /// </summary>
    public static async Task<long?[]> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<RowStatement> rows, CancellationToken ct)
    {
        var keys = new long?[rows.Count];
        if (rows.Count == 0) return keys;
        await using var batch = new NpgsqlBatch(connection) { Transaction = transaction };
        foreach (var row in rows)
        {
            var command = new NpgsqlBatchCommand(row.Sql);
            foreach (var value in row.Values)
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(ct);
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0) await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct) && rows[i].ReadsKey) keys[i] = reader.GetInt64(0);
        }
        return keys;
    }
}

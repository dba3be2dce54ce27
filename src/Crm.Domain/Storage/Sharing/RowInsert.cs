using Npgsql;

namespace Crm.Domain.Storage.Sharing;

/// <summary>
/// One INSERT … RETURNING key with its values read from an entity, kept as plain data so the same
/// row can go into a shared batch and, should that batch fail, into a batch of its own.
/// </summary>
public sealed record RowInsert(string Sql, object?[] Values, bool ReturnsGeneratedKey)
{
    /// <summary>
    /// Runs the inserts as one batch and returns each generated key (null where the key is not generated).
    /// Without <paramref name="transaction"/> the server runs the batch as one implicit transaction:
    /// all rows or none.
    /// </summary>
    public static async Task<long?[]> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<RowInsert> rows, CancellationToken ct)
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
            await reader.ReadAsync(ct);
            if (rows[i].ReturnsGeneratedKey) keys[i] = reader.GetInt64(0);
        }
        return keys;
    }
}

using Npgsql;

namespace Crm.Domain.Storage.Sharing;

/// <summary>
/// One statement about one row (an INSERT or UPDATE … RETURNING its key) with its values, kept as
/// plain data so the same statement can go into a shared batch and, should that batch fail, into a
/// batch of its own. <see cref="ReadsKey"/>: the statement returns a bigint key worth reading (a
/// generated id, or the id of the row an UPDATE matched). <see cref="Rows"/>, when given, says how
/// several such inserts into one table become one statement.
/// </summary>
public sealed record RowStatement(string Sql, object?[] Values, bool ReadsKey, MultiRowInsert? Rows = null)
{
    /// <summary>
    /// Runs the statements as one batch and returns each key read (null where none is read, or an
    /// UPDATE matched no row). Inserts of one <see cref="MultiRowInsert"/> are sent as one statement.
    /// Without <paramref name="transaction"/> the server runs the batch as one implicit transaction:
    /// all rows or none.
    /// </summary>
    public static async Task<long?[]> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<RowStatement> rows, CancellationToken ct)
    {
        var keys = new long?[rows.Count];
        if (rows.Count == 0) return keys;
        // Each command answers for these statements, in order.
        var commands = new List<int[]>();
        await using var batch = new NpgsqlBatch(connection) { Transaction = transaction };
        var merged = new HashSet<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (merged.Contains(i)) continue;
            var same = rows[i].Rows is { } multi
                ? Enumerable.Range(i, rows.Count - i).Where(j => ReferenceEquals(rows[j].Rows, multi)).ToArray()
                : [i];
            if (same.Length > 1)
            {
                batch.BatchCommands.Add(rows[i].Rows!.Command(same.Select(j => rows[j].Values).ToList()));
                merged.UnionWith(same);
            }
            else
            {
                batch.BatchCommands.Add(Single(rows[i]));
            }
            commands.Add(same);
        }
        await using var reader = await batch.ExecuteReaderAsync(ct);
        for (var c = 0; c < commands.Count; c++)
        {
            if (c > 0) await reader.NextResultAsync(ct);
            // One row back per statement, in the order the rows were given (see MultiRowInsert).
            foreach (var i in commands[c])
                if (await reader.ReadAsync(ct) && rows[i].ReadsKey) keys[i] = reader.GetInt64(0);
        }
        return keys;
    }

    private static NpgsqlBatchCommand Single(RowStatement row)
    {
        var command = new NpgsqlBatchCommand(row.Sql);
        foreach (var value in row.Values)
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }
}

/// <summary>
/// Several rows into one table as one INSERT … SELECT FROM unnest(column arrays) … RETURNING key: the
/// statement text is the same for any number of rows (so it stays prepared), and the server plans
/// and starts one statement instead of one per row. Rows are inserted, and returned, in array order
/// — PostgreSQL inserts a SELECT's rows as they come and RETURNING reports each as it is inserted.
/// </summary>
public sealed class MultiRowInsert(string table, IReadOnlyList<(string Name, string StoreType)> columns, string keyColumn)
{
    private readonly string _sql =
        $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
        $"SELECT * FROM unnest({string.Join(", ", columns.Select((c, i) => $"${i + 1}::{c.StoreType}[]"))}) RETURNING \"{keyColumn}\"";

    public NpgsqlBatchCommand Command(IReadOnlyList<object?[]> rows)
    {
        var command = new NpgsqlBatchCommand(_sql);
        for (var c = 0; c < columns.Count; c++)
            command.Parameters.Add(new NpgsqlParameter { Value = ColumnArray(rows, c) });
        return command;
    }

    /// <summary>A typed array of one column's values (nullable elements for value types), as Npgsql sends arrays.</summary>
    private static Array ColumnArray(IReadOnlyList<object?[]> rows, int column)
    {
        var type = rows.Select(r => r[column]?.GetType()).FirstOrDefault(t => t is not null) ?? typeof(string);
        var element = type.IsValueType ? typeof(Nullable<>).MakeGenericType(type) : type;
        var values = Array.CreateInstance(element, rows.Count);
        for (var r = 0; r < rows.Count; r++)
            values.SetValue(rows[r][column], r);
        return values;
    }
}

using Npgsql;

namespace Crm.Domain.Storage.Sharing;

/// <summary>
/// One statement about one row (an INSERT or UPDATE … RETURNING its key) with its values, kept as
/// plain data so the same statement can go into a shared batch and, should that batch fail, into a
/// batch of its own. <see cref="ReadsKey"/>: the statement returns a bigint key worth reading (a
/// generated id, or the id of the row an UPDATE matched). <see cref="Rows"/>, when given, says how
/// several such inserts into one table become one statement.
/// </summary>
public sealed record RowStatement(string Sql, object?[] Values, bool ReadsKey, MultiRowStatement? Rows = null)
{
    /// <summary>
    /// Runs the statements as one batch and returns each key read (null where none is read, or an
    /// UPDATE matched no row). Statements sharing one <see cref="MultiRowStatement"/> are sent as one.
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
            var statements = commands[c];
            if (statements.Length > 1 && rows[statements[0]].Rows is MultiRowUpdate)
            {
                // Only the rows that matched come back, keyed by the id each statement names first.
                var matched = new HashSet<long>();
                while (await reader.ReadAsync(ct)) matched.Add(reader.GetInt64(0));
                foreach (var i in statements)
                    if (rows[i].Values[0] is long id && matched.Contains(id)) keys[i] = id;
                continue;
            }
            // One row back per statement, in the order the rows were given (see MultiRowInsert).
            foreach (var i in statements)
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

/// <summary>How several statements of the same shape become one, with each column's values as an array.</summary>
public abstract class MultiRowStatement(IReadOnlyList<(string Name, string StoreType)> columns)
{
    /// <summary>The columns whose values the statements carry, in the order of their values.</summary>
    protected IReadOnlyList<(string Name, string StoreType)> Columns { get; } = columns;

    protected abstract string Sql { get; }

    /// <summary>unnest($1::type[], $2::type[], …) over the columns, in order.</summary>
    protected string Unnest => $"unnest({string.Join(", ", Columns.Select((c, i) => $"${i + 1}::{c.StoreType}[]"))})";

    public NpgsqlBatchCommand Command(IReadOnlyList<object?[]> rows)
    {
        var command = new NpgsqlBatchCommand(Sql);
        for (var c = 0; c < Columns.Count; c++)
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

/// <summary>
/// Several rows into one table as one INSERT … SELECT FROM unnest(column arrays) … RETURNING key: the
/// statement text is the same for any number of rows (so it stays prepared), and the server plans
/// and starts one statement instead of one per row. Rows are inserted, and returned, in array order
/// — PostgreSQL inserts a SELECT's rows as they come and RETURNING reports each as it is inserted.
/// </summary>
public sealed class MultiRowInsert(string table, IReadOnlyList<(string Name, string StoreType)> columns, string keyColumn)
    : MultiRowStatement(columns)
{
    protected override string Sql => _sql ??=
        $"INSERT INTO \"{table}\" ({string.Join(", ", Columns.Select(c => $"\"{c.Name}\""))}) SELECT * FROM {Unnest} RETURNING \"{keyColumn}\"";

    private string? _sql;
}

/// <summary>
/// Several single-row UPDATEs of one table as one UPDATE … FROM unnest(column arrays): each row is
/// named by its key (the first value), changed only where <c>condition</c> still holds (the last
/// value), and the keys of the rows that matched come back.
/// </summary>
public sealed class MultiRowUpdate(string table, (string Name, string StoreType) key, IReadOnlyList<(string Name, string StoreType)> set, (string Name, string StoreType) condition)
    : MultiRowStatement([key, .. set, condition])
{
    protected override string Sql => _sql ??=
        $"UPDATE \"{table}\" AS t SET {string.Join(", ", set.Select(c => $"\"{c.Name}\" = v.\"{c.Name}\""))} " +
        $"FROM {Unnest} AS v(\"{key.Name}\", {string.Join(", ", set.Select(c => $"\"{c.Name}\""))}, \"condition\") " +
        $"WHERE t.\"{key.Name}\" = v.\"{key.Name}\" AND t.\"{condition.Name}\" = v.\"condition\" RETURNING t.\"{key.Name}\"";

    private string? _sql;
}

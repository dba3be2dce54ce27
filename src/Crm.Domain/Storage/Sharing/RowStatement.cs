using Npgsql;

namespace Crm.Domain.Storage.Sharing;

/// <summary>
/// One statement about one row (an INSERT, or an UPDATE of a row named by its key) with its values,
/// kept as plain data so the same statement can go into a shared batch and, should that batch fail,
/// into a batch of its own. <see cref="Shape"/> says how statements of the same kind become one;
/// <see cref="ReadsKey"/>: the row's bigint key is worth reading (a generated id, or the id of the
/// row an UPDATE matched).
/// </summary>
public sealed record RowStatement(MultiRowStatement Shape, object?[] Values, bool ReadsKey)
{
    /// <summary>
    /// Runs the statements as one batch, one command per <see cref="Shape"/>, and returns each key read
    /// (null where none is read, or an UPDATE matched no row). Without <paramref name="transaction"/>
    /// the server runs the batch as one implicit transaction: all rows or none.
    /// </summary>
    public static async Task<long?[]> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<RowStatement> rows, CancellationToken ct)
    {
        var keys = new long?[rows.Count];
        if (rows.Count == 0) return keys;
        // Each command answers for the statements of one shape, in the order given.
        var commands = rows.Select((row, i) => (row.Shape, Index: i)).GroupBy(r => r.Shape, r => r.Index).ToList();
        await using var batch = new NpgsqlBatch(connection) { Transaction = transaction };
        foreach (var command in commands)
            batch.BatchCommands.Add(command.Key.Command(command.Select(i => rows[i].Values).ToList()));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        for (var c = 0; c < commands.Count; c++)
        {
            if (c > 0) await reader.NextResultAsync(ct);
            if (commands[c].Key is MultiRowUpdate)
            {
                // Only the rows that matched come back, keyed by the id each statement names first.
                var matched = new HashSet<long>();
                while (await reader.ReadAsync(ct)) matched.Add(reader.GetInt64(0));
                foreach (var i in commands[c])
                    if (rows[i].ReadsKey && rows[i].Values[0] is long id && matched.Contains(id)) keys[i] = id;
                continue;
            }
            // One row back per statement, in the order the rows were given (see MultiRowInsert).
            foreach (var i in commands[c])
                if (await reader.ReadAsync(ct) && rows[i].ReadsKey) keys[i] = reader.GetInt64(0);
        }
        return keys;
    }
}

/// <summary>
/// How statements of one kind become one, with each column's values as an array: the statement text
/// is the same for any number of rows (so it stays prepared), and the server plans and starts one
/// statement instead of one per row. Shapes are compared by reference: build each once.
/// </summary>
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
/// Rows into one table as one INSERT … SELECT FROM unnest(column arrays) … RETURNING key. Rows are
/// inserted, and returned, in array order — PostgreSQL inserts a SELECT's rows as they come and
/// RETURNING reports each as it is inserted.
/// </summary>
public sealed class MultiRowInsert(string table, IReadOnlyList<(string Name, string StoreType)> columns, string keyColumn)
    : MultiRowStatement(columns)
{
    protected override string Sql => _sql ??=
        $"INSERT INTO \"{table}\" ({string.Join(", ", Columns.Select(c => $"\"{c.Name}\""))}) SELECT * FROM {Unnest} RETURNING \"{keyColumn}\"";

    private string? _sql;
}

/// <summary>
/// Single-row UPDATEs of one table as one UPDATE … FROM unnest(column arrays): each row is
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

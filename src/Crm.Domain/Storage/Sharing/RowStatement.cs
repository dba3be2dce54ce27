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
    /// <param name="mark">
    /// When given (only outside a transaction), the batch also stores a <see cref="SharedWriteMarks"/>
    /// row under this token holding every key it produced, in the same transaction: should the
    /// connection be lost before the answer arrives, <see cref="SharedWriteMarks.ResolveAsync"/> tells
    /// whether the batch committed, and with which keys.
    /// </param>
    public static async Task<long?[]> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<RowStatement> rows,
        CancellationToken ct, Guid? mark = null)
    {
        var keys = new long?[rows.Count];
        if (rows.Count == 0) return keys;
        var commands = Commands(rows);
        await using var batch = new NpgsqlBatch(connection) { Transaction = transaction };
        if (mark is { } token) batch.BatchCommands.Add(SharedWriteMarks.Insert(token));
        foreach (var command in commands)
            batch.BatchCommands.Add(command.Key.Command(command.Select(i => rows[i].Values).ToList(), mark));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        // Only commands that hand back keys have a result set; the reader moves from one to the next.
        var first = true;
        foreach (var command in commands.Where(c => c.Key.ProducesKeys))
        {
            if (!first) await reader.NextResultAsync(ct);
            first = false;
            var found = new List<long>();
            var ordinals = new List<long>();
            while (await reader.ReadAsync(ct))
            {
                if (command.Key is MultiRowInsert)
                {
                    ordinals.Add(reader.GetInt64(0));
                    found.Add(reader.GetInt64(1));
                }
                else found.Add(reader.GetInt64(0));
            }
            Assign(rows, command, command.Key is MultiRowInsert ? ordinals : null, found, keys);
        }
        return keys;
    }

    /// <summary>
    /// The keys a marked batch of <paramref name="rows"/> produced, from what it stored in its mark:
    /// for each command that produces keys, in batch order, the number of keys and then the keys (an
    /// INSERT's in the order of its rows, an UPDATE's as the set of ids it matched).
    /// </summary>
    public static long?[] KeysFromMark(IReadOnlyList<RowStatement> rows, long[] mark)
    {
        var keys = new long?[rows.Count];
        var at = 0;
        foreach (var command in Commands(rows))
        {
            if (!command.Key.ProducesKeys) continue;
            var count = (int)mark[at++];
            Assign(rows, command, null, mark[at..(at + count)], keys);
            at += count;
        }
        if (at != mark.Length) throw new InvalidOperationException("A shared write's mark does not match the statements it was made for.");
        return keys;
    }

    /// <summary>Each command answers for the statements of one shape, in the order given.</summary>
    private static List<IGrouping<MultiRowStatement, int>> Commands(IReadOnlyList<RowStatement> rows) =>
        rows.Select((row, i) => (row.Shape, Index: i)).GroupBy(r => r.Shape, r => r.Index).ToList();

    /// <param name="ordinals">
    /// For an INSERT's rows as read back: the 1-based position among the command's rows each key was
    /// generated for. Null when <paramref name="found"/> is already in the rows' order.
    /// </param>
    private static void Assign(IReadOnlyList<RowStatement> rows, IGrouping<MultiRowStatement, int> command, IReadOnlyList<long>? ordinals,
        IReadOnlyList<long> found, long?[] keys)
    {
        var indices = command.ToList();
        if (command.Key is MultiRowUpdate)
        {
            // Only the rows that matched come back, keyed by the id each statement names first.
            var matched = found.ToHashSet();
            foreach (var i in indices)
                if (rows[i].ReadsKey && rows[i].Values[0] is long id && matched.Contains(id)) keys[i] = id;
            return;
        }
        if (!command.Key.ProducesKeys) return;
        if (found.Count != indices.Count)
            throw new InvalidOperationException($"An insert of {indices.Count} rows reported {found.Count} keys.");
        for (var j = 0; j < found.Count; j++)
        {
            // Each key is placed by the position of the row it was generated for, never by the order
            // the server happened to return rows in.
            var i = indices[ordinals is null ? j : checked((int)ordinals[j] - 1)];
            if (rows[i].ReadsKey) keys[i] = found[j];
        }
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

    /// <summary>True when the statement hands back keys (generated ids, or the ids an UPDATE matched).</summary>
    public abstract bool ProducesKeys { get; }

    /// <summary>The statement; with <paramref name="marked"/> it also appends its keys to the mark named by the parameter after the columns.</summary>
    protected abstract string Sql(bool marked);

    /// <summary>unnest($1::type[], $2::type[], …) over the columns, in order.</summary>
    protected string Unnest => $"unnest({string.Join(", ", Columns.Select((c, i) => $"${i + 1}::{c.StoreType}[]"))})";

    /// <summary>The parameter that names the mark: the one after the columns.</summary>
    protected string MarkParameter => $"${Columns.Count + 1}";

    public NpgsqlBatchCommand Command(IReadOnlyList<object?[]> rows, Guid? mark = null)
    {
        var marked = mark is not null && ProducesKeys;
        var command = new NpgsqlBatchCommand(Sql(marked));
        for (var c = 0; c < Columns.Count; c++)
            command.Parameters.Add(new NpgsqlParameter { Value = ColumnArray(rows, c) });
        if (marked) command.Parameters.Add(new NpgsqlParameter { Value = mark!.Value });
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
/// Rows into one table as one INSERT … SELECT FROM unnest(column arrays). With a generated key, the
/// ids are taken from the key's sequence first, each beside the ordinal of its row (WITH ORDINALITY),
/// and handed back as (ordinal, id) pairs: which id belongs to which row never rests on the order
/// in which PostgreSQL inserts or returns rows, which it does not promise.
/// </summary>
/// <param name="generatedKey">The key column whose value the table's identity sequence generates; null when the rows carry their key.</param>
public sealed class MultiRowInsert(string table, IReadOnlyList<(string Name, string StoreType)> columns, string? generatedKey)
    : MultiRowStatement(columns)
{
    private readonly string?[] _sql = new string?[2];

    public override bool ProducesKeys => generatedKey is not null;

    /// <summary>Tests only: an ORDER BY for the pairs handed back, to prove the ids are placed by ordinal.</summary>
    internal string ResultOrder { get; init; } = "";

    protected override string Sql(bool marked) => _sql[marked ? 1 : 0] ??= Build(marked);

    private string Build(bool marked)
    {
        var names = string.Join(", ", Columns.Select(c => $"\"{c.Name}\""));
        if (generatedKey is null)
            return $"INSERT INTO \"{table}\" ({names}) SELECT * FROM {Unnest}";
        var values = string.Join(", ", Columns.Select((_, i) => $"c{i}"));
        // The CTE runs once (it calls a volatile function), so the ids stored are the ids handed back.
        var sql = $"WITH v AS (SELECT nextval((SELECT pg_get_serial_sequence('\"{table}\"', '{generatedKey}'))::regclass) AS k, u.* " +
                  $"FROM {Unnest} WITH ORDINALITY AS u({values}, o)), " +
                  $"i AS (INSERT INTO \"{table}\" (\"{generatedKey}\", {names}) SELECT k, {values} FROM v)";
        if (marked)
            sql += $", m AS (UPDATE \"{SharedWriteMarks.Table}\" SET keys = keys || (SELECT count(*) FROM v) || ARRAY(SELECT k FROM v ORDER BY o) " +
                   $"WHERE token = {MarkParameter})";
        return $"{sql} SELECT o, k FROM v {ResultOrder}".TrimEnd();
    }
}

/// <summary>
/// Single-row UPDATEs of one table as one UPDATE … FROM unnest(column arrays): each row is
/// named by its key (the first value), changed only where <c>condition</c> still holds (the last
/// value), and the keys of the rows that matched come back.
/// </summary>
public sealed class MultiRowUpdate(string table, (string Name, string StoreType) key, IReadOnlyList<(string Name, string StoreType)> set, (string Name, string StoreType) condition)
    : MultiRowStatement([key, .. set, condition])
{
    private readonly string?[] _sql = new string?[2];

    public override bool ProducesKeys => true;

    protected override string Sql(bool marked) => _sql[marked ? 1 : 0] ??= Build(marked);

    private string Build(bool marked)
    {
        var update = $"UPDATE \"{table}\" AS t SET {string.Join(", ", set.Select(c => $"\"{c.Name}\" = v.\"{c.Name}\""))} " +
                     $"FROM {Unnest} AS v(\"{key.Name}\", {string.Join(", ", set.Select(c => $"\"{c.Name}\""))}, \"condition\") " +
                     $"WHERE t.\"{key.Name}\" = v.\"{key.Name}\" AND t.\"{condition.Name}\" = v.\"condition\" RETURNING t.\"{key.Name}\"";
        if (!marked) return update;
        return $"WITH u AS ({update}), " +
               $"m AS (UPDATE \"{SharedWriteMarks.Table}\" SET keys = keys || (SELECT count(*) FROM u) || ARRAY(SELECT \"{key.Name}\" FROM u) " +
               $"WHERE token = {MarkParameter}) SELECT \"{key.Name}\" FROM u";
    }
}

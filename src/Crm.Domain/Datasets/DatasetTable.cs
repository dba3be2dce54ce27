using System.Runtime.CompilerServices;
using Crm.Domain.Access;
using Crm.Domain.Storage;

namespace Crm.Domain.Datasets;

/// <summary>
/// A dataset table over rows of <typeparamref name="TRow"/>: each column knows how to take its value from a
/// row, and <c>page</c> reads the rows after a key in key order (the row scope is part of that query).
/// </summary>
internal sealed class DatasetTable<TRow>(
    string name,
    string meaning,
    FieldClass needs,
    string rowScope,
    IReadOnlyList<(DatasetColumn Column, Func<TRow, object?> Value)> columns,
    Func<CrmDbContext, FieldClass, long, int, CancellationToken, Task<List<TRow>>> page,
    Func<TRow, long> key) : IDatasetTable
{
    public string Name => name;
    public string Meaning => meaning;
    public FieldClass Needs => needs;
    public string RowScope => rowScope;
    public IReadOnlyList<DatasetColumn> Columns { get; } = columns.Select(c => c.Column).ToList();

    public async IAsyncEnumerable<IReadOnlyList<object?[]>> ReadAsync(CrmDbContext db, FieldClass reads, IReadOnlyList<DatasetColumn> wanted,
        int batchSize, [EnumeratorCancellation] CancellationToken ct)
    {
        var values = wanted.Select(w => columns.Single(c => c.Column == w).Value).ToArray();
        var after = long.MinValue;
        while (true)
        {
            var rows = await page(db, reads, after, batchSize, ct);
            if (rows.Count == 0) yield break;
            var batch = new object?[rows.Count][];
            for (var r = 0; r < rows.Count; r++)
            {
                var row = new object?[values.Length];
                for (var c = 0; c < values.Length; c++) row[c] = values[c](rows[r]);
                batch[r] = row;
            }
            yield return batch;
            // The tracker is never used (every page is read without tracking); clearing keeps nothing alive between batches.
            db.ChangeTracker.Clear();
            if (rows.Count < batchSize) yield break;
            after = key(rows[^1]);
        }
    }
}

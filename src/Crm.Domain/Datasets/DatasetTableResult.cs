namespace Crm.Domain.Datasets;

/// <summary>
/// What an export did with one table: the file and its row count, the columns written and how many were
/// left out; or, when <see cref="File"/> is null, why the whole table was not written.
/// </summary>
public sealed record DatasetTableResult(string Table, string? File, long Rows, IReadOnlyList<DatasetColumn> Written, int LeftOut, string? NotWritten)
{
    /// <summary>How long reading and writing the table took (zero when it was not written).</summary>
    public TimeSpan Elapsed { get; init; }
}

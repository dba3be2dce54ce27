namespace Crm.Domain.Datasets;

/// <summary>Writes one table's file batch by batch, so no more than one batch is ever in memory.</summary>
internal interface IDatasetTableWriter : IAsyncDisposable
{
    Task WriteAsync(IReadOnlyList<object?[]> rows, CancellationToken ct);

    /// <summary>Finishes the file (footer, flush); a writer disposed without it leaves an unfinished file.</summary>
    Task CompleteAsync(CancellationToken ct);
}

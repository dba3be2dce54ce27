using Crm.Domain.Access;
using Crm.Domain.Storage;

namespace Crm.Domain.Datasets;

/// <summary>One table of an analyst dataset (customers, contacts, deals, tickets, invoices, timeline).</summary>
public interface IDatasetTable
{
    /// <summary>The file name without extension, and the table's name in schema.md.</summary>
    string Name { get; }

    /// <summary>What one row is.</summary>
    string Meaning { get; }

    /// <summary>The class a person must read for the table's records to be theirs to see at all.</summary>
    FieldClass Needs { get; }

    /// <summary>Which rows a person sees beyond <see cref="Needs"/> (for schema.md).</summary>
    string RowScope { get; }

    IReadOnlyList<DatasetColumn> Columns { get; }

    /// <summary>
    /// The rows a person reading <paramref name="reads"/> may see, in batches of at most <paramref name="batchSize"/>,
    /// each row holding the values of <paramref name="columns"/> only (in that order). Read by key ranges, so no
    /// batch holds more than its rows and no statement stays open between batches.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<object?[]>> ReadAsync(CrmDbContext db, FieldClass reads, IReadOnlyList<DatasetColumn> columns, int batchSize,
        CancellationToken ct);
}

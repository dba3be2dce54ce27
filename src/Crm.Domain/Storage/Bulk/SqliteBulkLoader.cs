using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Domain.Storage.Bulk;

/// <summary>One prepared INSERT per table, all inside one transaction: SQLite's fastest plain path.</summary>
public sealed class SqliteBulkLoader(CrmDbContext db) : BulkLoader(db)
{
    public override async Task<long> WriteAsync<T>(IEnumerable<T> rows, Func<T, long> key, CancellationToken cancellationToken)
    {
        var table = BulkTable.For<T>(Db);
        await EnsureTransactionAsync(cancellationToken);
        var connection = Db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = Db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) " +
                              $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"))})";
        var parameters = table.Columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        await command.PrepareAsync(cancellationToken);

        long count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                parameters[i].Value = (column.IsKey ? key(row) : column.Read(row)) ?? DBNull.Value;
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }
        return count;
    }

    public override Task CompleteAsync(CancellationToken cancellationToken) => CommitOwnTransactionAsync(cancellationToken);

    public override async Task<IReadOnlyList<long>> ReserveKeysAsync<T>(int count, CancellationToken cancellationToken)
    {
        var highest = await MaxKeyAsync<T>(cancellationToken);
        return [.. Enumerable.Range(1, count).Select(i => highest + i)];
    }
}

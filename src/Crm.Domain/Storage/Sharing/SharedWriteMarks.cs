using Npgsql;

namespace Crm.Domain.Storage.Sharing;

/// <summary>
/// The proof that a shared write committed. Every batch of rows written outside a transaction first
/// stores a mark under a fresh token (table <see cref="Table"/>, primary key <c>token</c>), and each of
/// its statements appends the keys it produced to that mark, all in the batch's one transaction. When
/// the connection is lost before the answer arrives, the batch may or may not have committed;
/// <see cref="ResolveAsync"/> asks on another connection by inserting the same token: PostgreSQL makes
/// that insert wait until the batch's transaction has ended, so the answer is final, never a guess.
/// Marks are needed for seconds and pruned with the handled deliveries.
/// </summary>
public static class SharedWriteMarks
{
    public const string Table = "shared_write_marks";

    private const string InsertSql = $"INSERT INTO {Table} (token) VALUES ($1)";

    // A mark stored by the batch holds an array (empty at first); the probe's own row holds NULL.
    private const string ProbeSql =
        $"INSERT INTO {Table} (token, keys) VALUES ($1, NULL) ON CONFLICT (token) DO UPDATE SET at = {Table}.at RETURNING keys";

    public static NpgsqlBatchCommand Insert(Guid token) =>
        new(InsertSql) { Parameters = { new NpgsqlParameter { Value = token } } };

    /// <summary>
    /// The keys the marked batch stored when it committed; null when it did not, and now never will
    /// (the token is taken), so its rows may be written again.
    /// </summary>
    public static async Task<long[]?> ResolveAsync(NpgsqlConnection connection, Guid token, CancellationToken ct)
    {
        await using var probe = new NpgsqlCommand(ProbeSql, connection) { Parameters = { new NpgsqlParameter { Value = token } } };
        var keys = await probe.ExecuteScalarAsync(ct);
        return keys as long[];
    }

    /// <summary>Forgets marks older than <paramref name="cutoff"/>; they only matter while their batch's outcome is being resolved.</summary>
    public static async Task<int> PruneAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var prune = new NpgsqlCommand($"DELETE FROM {Table} WHERE at < $1", connection, transaction)
        {
            Parameters = { new NpgsqlParameter { Value = cutoff.ToUniversalTime() } },
        };
        return await prune.ExecuteNonQueryAsync(ct);
    }
}

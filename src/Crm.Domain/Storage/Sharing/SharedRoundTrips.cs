using System.Collections.Concurrent;
using System.Data;
using Crm.Domain.Customers;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Domain.Storage.Sharing;

/// <summary>
/// The round trips the busiest paths share on one PostgreSQL database: the customer card read, the
/// rows a read leaves behind (audit, delivery claim, staged answer) and the recorded outcome of a
/// direct answer. One instance per connection string; connections come from a pool of their own
/// (see <see cref="WithGenericPlans"/>).
/// </summary>
public sealed class SharedRoundTrips
{
    /// <summary>
    /// One round trip of each kind in flight per database: what arrives meanwhile waits and goes as
    /// the next group. Measured on the 2-core bench machine, one in flight beat two and four for both
    /// throughput and p99 (bigger groups cost the server less than the wait costs the requests).
    /// </summary>
    public const int MaxInFlight = 1;
    private const int MaxGroup = 64;

    private static readonly ConcurrentDictionary<string, SharedRoundTrips> ByDatabase = new();

    private readonly string connectionString;

    private SharedRoundTrips(string connectionString)
    {
        this.connectionString = WithGenericPlans(connectionString);
        CardsById = new(members => ReadCardsAsync(members, PostgresCustomerViewQuery.ManyById), MaxInFlight, MaxGroup);
        CardsByNumber = new(members => ReadCardsAsync(members, PostgresCustomerViewQuery.ManyByNumber), MaxInFlight, MaxGroup);
        Rows = new(WriteRowsAsync, MaxInFlight, MaxGroup);
    }

    public static SharedRoundTrips For(CrmDbContext db) =>
        ByDatabase.GetOrAdd(db.Database.GetConnectionString() ?? throw new InvalidOperationException("The context has no connection string."),
            connectionString => new SharedRoundTrips(connectionString));

    /// <summary>The customer card JSON (UTF-8, as the server sent it) by customer id (null when there is no such customer).</summary>
    public RoundTripGroups<long, byte[]?> CardsById { get; }

    /// <summary>The customer card JSON (UTF-8) by human number (C-1001 → 1001).</summary>
    public RoundTripGroups<long, byte[]?> CardsByNumber { get; }

    /// <summary>Row statements; every request's statements are applied all together or not at all.</summary>
    public RoundTripGroups<IReadOnlyList<RowStatement>, long?[]> Rows { get; }

    private async Task ReadCardsAsync(IReadOnlyList<RoundTripGroups<long, byte[]?>.Member> members, string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = members.Select(m => m.Item).Distinct().ToArray() });
        var found = new Dictionary<long, byte[]>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            // Read as the UTF-8 bytes the server sent: the JSON parser wants those, not a string.
            while (await reader.ReadAsync())
                found[reader.GetInt64(0)] = reader.GetFieldValue<byte[]>(1);
        }
        foreach (var member in members)
            member.Succeed(found.GetValueOrDefault(member.Item));
    }

    private async Task WriteRowsAsync(IReadOnlyList<RoundTripGroups<IReadOnlyList<RowStatement>, long?[]>.Member> members)
    {
        var rows = members.SelectMany(m => m.Item).ToList();
        var written = await WriteAsync(rows);
        if (written.Keys is { } keys)
        {
            var at = 0;
            foreach (var member in members)
            {
                member.Succeed(keys[at..(at + member.Item.Count)]);
                at += member.Item.Count;
            }
            return;
        }
        if (members.Count == 1 || written.Failure is not { } failure || written.InDoubt)
        {
            foreach (var member in members) member.Fail(written.Failure!);
            return;
        }
        // The group is known not to have committed: one request's rows failed (typically a repeated
        // delivery's claim) and took the group's transaction with it, or the connection was lost
        // before the commit. Store each request's rows on their own, so only that request sees its error.
        foreach (var member in members)
        {
            var alone = await WriteAsync(member.Item);
            if (alone.Keys is { } own) member.Succeed(own);
            else member.Fail(alone.Failure!);
        }
    }

    /// <summary>
    /// Writes <paramref name="rows"/> as one marked batch in one implicit transaction. Keys when it
    /// committed (also when the connection was lost after the commit: the mark says so); otherwise the
    /// failure, and whether the outcome is unknown (in doubt: nothing may be written again).
    /// </summary>
    private async Task<(long?[]? Keys, Exception? Failure, bool InDoubt)> WriteAsync(IReadOnlyList<RowStatement> rows)
    {
        var token = Guid.NewGuid();
        NpgsqlConnection? connection = null;
        try
        {
            connection = await OpenAsync();
            return (await RowStatement.ExecuteAsync(connection, null, rows, CancellationToken.None, token), null, false);
        }
        catch (PostgresException refused) when (connection?.FullState == ConnectionState.Open)
        {
            // The server refused a statement of the batch and the connection is still fine: the batch's
            // transaction was rolled back, nothing of it is stored.
            return (null, refused, false);
        }
        catch (Exception lost)
        {
            // The connection broke: before, during or after the commit. Only the mark can tell.
            try
            {
                await using var probe = await OpenAsync();
                var mark = await SharedWriteMarks.ResolveAsync(probe, token, CancellationToken.None);
                return mark is null ? (null, lost, false) : (RowStatement.KeysFromMark(rows, mark), null, false);
            }
            catch (Exception unresolved)
            {
                return (null, new InvalidOperationException(
                    "The database connection was lost while rows were being stored, and whether they were stored could not be found out.",
                    new AggregateException(lost, unresolved)), true);
            }
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// The shared statements are prepared (Npgsql auto-prepares what repeats), but PostgreSQL would
    /// still plan the card read afresh on every run: a custom plan for an array parameter always looks
    /// cheaper than the generic one, and planning it cost as much as running it. Their connections
    /// therefore always use the generic plan (an index lookup per key); the application's other
    /// connections are left as they are, in a pool of their own.
    /// </summary>
    public static string WithGenericPlans(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c plan_cache_mode=force_generic_plan".Trim();
        return builder.ConnectionString;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}

using System.Text.Json;
using Crm.Domain.Storage;
using Crm.Domain.Storage.Sharing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Domain.Customers;

/// <summary>
/// Reads a customer with its contacts, deals, tickets, invoices and latest timeline entries in one round trip: PostgreSQL
/// builds one JSON document, so showing a card costs one query instead of five.
/// </summary>
public static class PostgresCustomerViewQuery
{
    public static Task<CustomerViewRows?> LoadAsync(CrmDbContext db, long customerId, CancellationToken ct) =>
        db.Database.CurrentTransaction is null
            ? SharedAsync(SharedRoundTrips.For(db).CardsById, customerId)
            : InTransactionAsync(db, ManyById, customerId, ct);

    /// <summary>By human number (C-1001 → 1001): the common way people and buttons name a customer.</summary>
    public static Task<CustomerViewRows?> LoadByNumberAsync(CrmDbContext db, long number, CancellationToken ct) =>
        db.Database.CurrentTransaction is null
            ? SharedAsync(SharedRoundTrips.For(db).CardsByNumber, number)
            : InTransactionAsync(db, ManyByNumber, number, ct);

    /// <summary>Cards of several customers by id in one statement: (id, card JSON) rows.</summary>
    public const string ManyById = "SELECT c.\"Id\", " + Card + " FROM customers c WHERE c.\"Id\" = ANY($1)";

    /// <summary>Cards of several customers by human number in one statement: (number, card JSON) rows.</summary>
    public const string ManyByNumber = "SELECT c.\"Number\", " + Card + " FROM customers c WHERE c.\"Number\" = ANY($1)";

    /// <summary>
    /// Outside a transaction the card is read in a round trip shared with concurrent requests (the
    /// statement is the same for every reader; only the key differs).
    /// </summary>
    private static async Task<CustomerViewRows?> SharedAsync(RoundTripGroups<long, byte[]?> cards, long key) =>
        Parse(await cards.RunAsync(key));

    /// <summary>
    /// Inside a transaction, the same statement with one key, straight through the context's
    /// connection and transaction (it may have to see the transaction's own changes).
    /// </summary>
    private static Task<CustomerViewRows?> InTransactionAsync(CrmDbContext db, string sql, long key, CancellationToken ct) =>
        ContextConnection.RunAsync(db, async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = new[] { key } });
            await using var reader = await command.ExecuteReaderAsync(ct);
            return Parse(await reader.ReadAsync(ct) ? reader.GetFieldValue<byte[]>(1) : null);
        }, ct);

    private static readonly JsonSerializerOptions Json = new() { Converters = { new PostgresDateJson() } };

    private static CustomerViewRows? Parse(byte[]? utf8Json) => utf8Json is null ? null : JsonSerializer.Deserialize<CustomerViewRows>(utf8Json, Json);

    // The timeline part takes the latest CustomerView.LatestEntries (3) of each field class, as the portable loader does.
    private const string Card = """
        json_build_object(
          'customer', json_build_object('id', c."Id", 'number', c."Number", 'name', c."Name", 'domain', c."Domain", 'industry', c."Industry",
              'segment', c."Segment", 'region', c."Region", 'owner', c."OwnerEmail", 'lifecycle', c."Lifecycle",
              'health', c."HealthScore", 'arr', c."Arr", 'currency', c."Currency"),
          'contacts', COALESCE((SELECT json_agg(json_build_object('number', x."Number", 'name', x."Name", 'title', x."Title",
              'email', x."Email", 'phone', x."Phone") ORDER BY x."Number") FROM contacts x WHERE x."CustomerId" = c."Id"), '[]'),
          'deals', COALESCE((SELECT json_agg(json_build_object('number', x."Number", 'name', x."Name", 'stage', x."Stage",
              'amount', x."Amount", 'currency', x."Currency", 'close', x."CloseDate", 'owner', x."OwnerEmail") ORDER BY x."Number")
              FROM deals x WHERE x."CustomerId" = c."Id"), '[]'),
          'tickets', COALESCE((SELECT json_agg(json_build_object('number', x."Number", 'subject', x."Subject", 'priority', x."Priority",
              'status', x."Status", 'sla', x."SlaDueAt") ORDER BY x."Number") FROM tickets x WHERE x."CustomerId" = c."Id"), '[]'),
          'invoices', COALESCE((SELECT json_agg(json_build_object('number', x."Number", 'amount', x."Amount", 'currency', x."Currency",
              'due', x."DueOn", 'paid', x."PaidAt") ORDER BY x."Number") FROM invoices x WHERE x."CustomerId" = c."Id"), '[]'),
          'timeline', COALESCE((SELECT json_agg(json_build_object('id', x."Id", 'at', x."At", 'actor', x."ActorEmail", 'platform', x."Platform",
              'text', x."Text", 'class', x."FieldClass") ORDER BY x."At" DESC, x."Id" DESC)
              FROM (SELECT t.*, row_number() OVER (PARTITION BY t."FieldClass" ORDER BY t."At" DESC, t."Id" DESC) AS n
                    FROM timeline t WHERE t."CustomerId" = c."Id") x
              WHERE x.n <= 3), '[]')
        )::text
        """;
}

using Crm.Domain.Customers;
using Crm.Domain.Customers.Search;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Storage;

public sealed class PostgresCrmDbContext(DbContextOptions<PostgresCrmDbContext> options) : CrmDbContext(options)
{
    public override bool IsPostgres => true;

    public override ICustomerSearch CustomerSearch() => new PostgresCustomerSearch(this);

    public override async Task<bool> TryClaimDeliveryAsync(string key, DateTimeOffset at, CancellationToken ct) =>
        await Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO processed_requests (\"Key\", \"At\") VALUES ({key}, {at}) ON CONFLICT (\"Key\") DO NOTHING", ct) == 1;

    public override Task RememberUserLinkAsync(Identity.ChatUserLink link, CancellationToken ct) =>
        Database.ExecuteSqlAsync($"""
            INSERT INTO chat_user_links ("Platform", "Workspace", "ExternalUserId", "Email", "DisplayName", "TimeZone", "LastSeenAt")
            VALUES ({link.Platform.ToString()}, {link.Workspace}, {link.ExternalUserId}, {link.Email}, {link.DisplayName}, {link.TimeZone}, {link.LastSeenAt})
            ON CONFLICT ("Platform", "Workspace", "ExternalUserId") DO UPDATE SET "Email" = excluded."Email",
                "DisplayName" = excluded."DisplayName", "TimeZone" = excluded."TimeZone", "LastSeenAt" = excluded."LastSeenAt"
            """, ct);

    public override async Task TakeNumberingTurnAsync(string kind, CancellationToken ct)
    {
        if (Database.CurrentTransaction is null) return;
        var name = $"crm-number:{kind}";
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({name}))", ct);
    }

    public override Task PauseChannelAsync(Common.Platform platform, string workspace, string recipient, DateTimeOffset until, CancellationToken ct) =>
        Database.ExecuteSqlAsync($"""
            INSERT INTO channel_pauses ("Platform", "Workspace", "Recipient", "PausedUntil")
            VALUES ({platform.ToString()}, {workspace}, {recipient}, {until})
            ON CONFLICT ("Platform", "Workspace", "Recipient") DO UPDATE
            SET "PausedUntil" = GREATEST(channel_pauses."PausedUntil", excluded."PausedUntil")
            """, ct);

    public override async Task<DateTimeOffset?> TakeChannelTurnAsync(Common.Platform platform, string workspace, string recipient, DateTimeOffset now,
        TimeSpan interval, CancellationToken ct)
    {
        // The WHERE of DO UPDATE is re-checked on the newest row version: of two hosts racing, the second sees the first's turn.
        var taken = await Database.SqlQuery<DateTimeOffset>($"""
            INSERT INTO channel_pauses ("Platform", "Workspace", "Recipient", "PausedUntil")
            VALUES ({platform.ToString()}, {workspace}, {recipient}, {now + interval})
            ON CONFLICT ("Platform", "Workspace", "Recipient") DO UPDATE
            SET "PausedUntil" = excluded."PausedUntil"
            WHERE channel_pauses."PausedUntil" <= {now}
            RETURNING "PausedUntil" AS "Value"
            """).ToListAsync(ct);
        if (taken.Count > 0) return null;
        var p = platform.ToString();
        return (await Database.SqlQuery<DateTimeOffset>($"""
            SELECT "PausedUntil" AS "Value" FROM channel_pauses WHERE "Platform" = {p} AND "Workspace" = {workspace} AND "Recipient" = {recipient}
            """).ToListAsync(ct)).Cast<DateTimeOffset?>().FirstOrDefault();
    }

    protected override void ConfigureProvider(ModelBuilder model)
    {
        model.HasPostgresExtension("pg_trgm");
        var customer = model.Entity<Customers.Customer>();
        // Byte-order collation on the search keys: the plain b-tree indexes then serve prefix
        // LIKE and ORDER BY, so a prefix search reads only the first rows of the index.
        customer.Property(c => c.NameKey).UseCollation("C");
        customer.Property(c => c.Domain).UseCollation("C");
        customer.HasIndex(c => c.NameKey, "ix_customers_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

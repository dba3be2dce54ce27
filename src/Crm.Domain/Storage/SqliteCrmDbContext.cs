using Crm.Domain.Customers;
using Crm.Domain.Customers.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Crm.Domain.Storage;

public sealed class SqliteCrmDbContext(DbContextOptions<SqliteCrmDbContext> options) : CrmDbContext(options)
{
    public override bool IsPostgres => false;

    public override ICustomerSearch CustomerSearch() => new SqliteCustomerSearch(this);

    // Raw values must match what the model stores: DateTimeOffset as UTC ticks (UtcTicksConverter).
    public override async Task<bool> TryClaimDeliveryAsync(string key, DateTimeOffset at, CancellationToken ct) =>
        await Database.ExecuteSqlInterpolatedAsync(
            $"INSERT OR IGNORE INTO processed_requests (\"Key\", \"At\") VALUES ({key}, {at.UtcTicks})", ct) == 1;

    public override Task RememberUserLinkAsync(Identity.ChatUserLink link, CancellationToken ct) =>
        Database.ExecuteSqlAsync($"""
            INSERT INTO chat_user_links ("Platform", "Workspace", "ExternalUserId", "Email", "DisplayName", "TimeZone", "LastSeenAt")
            VALUES ({link.Platform.ToString()}, {link.Workspace}, {link.ExternalUserId}, {link.Email}, {link.DisplayName}, {link.TimeZone}, {link.LastSeenAt.UtcTicks})
            ON CONFLICT ("Platform", "Workspace", "ExternalUserId") DO UPDATE SET "Email" = excluded."Email",
                "DisplayName" = excluded."DisplayName", "TimeZone" = excluded."TimeZone", "LastSeenAt" = excluded."LastSeenAt"
            """, ct);

    // The embedded database serves one host, and SQLite lets one writer in at a time.
    public override Task TakeNumberingTurnAsync(string kind, CancellationToken ct) => Task.CompletedTask;

    public override Task PauseChannelAsync(Common.Platform platform, string workspace, string recipient, DateTimeOffset until, CancellationToken ct) =>
        Database.ExecuteSqlAsync($"""
            INSERT INTO channel_pauses ("Platform", "Workspace", "Recipient", "PausedUntil")
            VALUES ({platform.ToString()}, {workspace}, {recipient}, {until.UtcTicks})
            ON CONFLICT ("Platform", "Workspace", "Recipient") DO UPDATE
            SET "PausedUntil" = MAX("PausedUntil", excluded."PausedUntil")
            """, ct);

    public override async Task<DateTimeOffset?> TakeChannelTurnAsync(Common.Platform platform, string workspace, string recipient, DateTimeOffset now,
        TimeSpan interval, CancellationToken ct)
    {
        var taken = await Database.SqlQuery<long>($"""
            INSERT INTO channel_pauses ("Platform", "Workspace", "Recipient", "PausedUntil")
            VALUES ({platform.ToString()}, {workspace}, {recipient}, {(now + interval).UtcTicks})
            ON CONFLICT ("Platform", "Workspace", "Recipient") DO UPDATE
            SET "PausedUntil" = excluded."PausedUntil"
            WHERE "PausedUntil" <= {now.UtcTicks}
            RETURNING "PausedUntil" AS "Value"
            """).ToListAsync(ct);
        if (taken.Count > 0) return null;
        var p = platform.ToString();
        var until = await Database.SqlQuery<long>($"""
            SELECT "PausedUntil" AS "Value" FROM channel_pauses WHERE "Platform" = {p} AND "Workspace" = {workspace} AND "Recipient" = {recipient}
            """).ToListAsync(ct);
        return until.Count == 0 ? null : new DateTimeOffset(until[0], TimeSpan.Zero);
    }

    protected override void ConfigureProvider(ModelBuilder model) { }

    /// <summary>
    /// SQLite has no date-time type, and EF cannot compare or order DateTimeOffset stored as text;
    /// storing UTC ticks keeps range queries (overdue, SLA, outbox due) translatable.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configuration.Properties<decimal>().HaveConversion<double>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Customers;

/// <summary>
/// The next human number of a kind (C-1002 after C-1001). On PostgreSQL a transaction-scoped
/// advisory lock per kind makes concurrent creations take turns, so each reads the number the
/// previous one committed. Where no such lock exists (SQLite) two creations can still pick the same
/// number: the unique index refuses the second whole, and the pipeline runs it again.
/// </summary>
public static class Numbers
{
    public const long First = 1001;

    public static async Task<long> NextCustomerAsync(CrmDbContext db, CancellationToken ct)
    {
        await TakeTurnAsync(db, "customer", ct);
        return Math.Max(First, (await db.Customers.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);
    }

    public static async Task<long> NextContactAsync(CrmDbContext db, CancellationToken ct)
    {
        await TakeTurnAsync(db, "contact", ct);
        return Math.Max(First, (await db.Contacts.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);
    }

    public static async Task<long> NextDealAsync(CrmDbContext db, CancellationToken ct)
    {
        await TakeTurnAsync(db, "deal", ct);
        return Math.Max(First, (await db.Deals.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);
    }

    public static async Task<long> NextTicketAsync(CrmDbContext db, CancellationToken ct)
    {
        await TakeTurnAsync(db, "ticket", ct);
        return Math.Max(First, (await db.Tickets.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);
    }

    public static async Task<long> NextTaskAsync(CrmDbContext db, CancellationToken ct)
    {
        await TakeTurnAsync(db, "task", ct);
        return Math.Max(First, (await db.Tasks.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);
    }

    public static async Task<long> NextHandoffAsync(CrmDbContext db, CancellationToken ct)
    {
        await TakeTurnAsync(db, "handoff", ct);
        return Math.Max(First, (await db.Handoffs.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);
    }

    /// <summary>Held until the creating transaction ends (changes always run in one).</summary>
    private static async Task TakeTurnAsync(CrmDbContext db, string kind, CancellationToken ct)
    {
        if (!db.IsPostgres || db.Database.CurrentTransaction is null) return;
        var name = $"crm-number:{kind}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({name}))", ct);
    }
}

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

    public static Task<long> NextCustomerAsync(CrmDbContext db, CancellationToken ct) => NextAsync(db, "customer", db.Customers.Select(c => c.Number), ct);

    public static Task<long> NextContactAsync(CrmDbContext db, CancellationToken ct) => NextAsync(db, "contact", db.Contacts.Select(c => c.Number), ct);

    public static Task<long> NextDealAsync(CrmDbContext db, CancellationToken ct) => NextAsync(db, "deal", db.Deals.Select(d => d.Number), ct);

    public static Task<long> NextTicketAsync(CrmDbContext db, CancellationToken ct) => NextAsync(db, "ticket", db.Tickets.Select(t => t.Number), ct);

    public static Task<long> NextTaskAsync(CrmDbContext db, CancellationToken ct) => NextAsync(db, "task", db.Tasks.Select(t => t.Number), ct);

    public static Task<long> NextHandoffAsync(CrmDbContext db, CancellationToken ct) => NextAsync(db, "handoff", db.Handoffs.Select(h => h.Number), ct);

    private static async Task<long> NextAsync(CrmDbContext db, string kind, IQueryable<long> numbers, CancellationToken ct)
    {
        await db.TakeNumberingTurnAsync(kind, ct);
        return Math.Max(First, (await numbers.MaxAsync(n => (long?)n, ct) ?? 0) + 1);
    }
}

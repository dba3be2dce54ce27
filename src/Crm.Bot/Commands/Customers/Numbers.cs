using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Customers;

/// <summary>
/// The next human number of a kind (C-1002 after C-1001). Two creations racing for the same number
/// meet the unique index: one fails whole and is retried by the person, nothing is half-stored.
/// </summary>
public static class Numbers
{
    public const long First = 1001;

    public static async Task<long> NextCustomerAsync(CrmDbContext db, CancellationToken ct) =>
        Math.Max(First, (await db.Customers.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);

    public static async Task<long> NextContactAsync(CrmDbContext db, CancellationToken ct) =>
        Math.Max(First, (await db.Contacts.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);

    public static async Task<long> NextDealAsync(CrmDbContext db, CancellationToken ct) =>
        Math.Max(First, (await db.Deals.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);

    public static async Task<long> NextTicketAsync(CrmDbContext db, CancellationToken ct) =>
        Math.Max(First, (await db.Tickets.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);

    public static async Task<long> NextTaskAsync(CrmDbContext db, CancellationToken ct) =>
        Math.Max(First, (await db.Tasks.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);

    public static async Task<long> NextHandoffAsync(CrmDbContext db, CancellationToken ct) =>
        Math.Max(First, (await db.Handoffs.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1);
}

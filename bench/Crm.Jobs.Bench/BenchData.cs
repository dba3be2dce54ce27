using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Jobs.Bench;

/// <summary>
/// Generates a large CRM in the database itself (INSERT … SELECT generate_series), deterministic:
/// every figure depends only on the row number. Shapes follow a plausible CRM: 30 % as many deals,
/// 20 % tickets and 30 % invoices as customers; some gaps, duplicates, stale and slipping deals.
/// </summary>
internal static class BenchData
{
    public static async Task SeedAsync(CrmDbContext db, int customers)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(20));
        int deals = customers * 3 / 10, tickets = customers / 5, invoices = customers * 3 / 10;
        var sql = $"""
            INSERT INTO customers ("Number","Name","NameKey","Domain","Industry","Segment","Region","OwnerEmail","Lifecycle","HealthScore","Arr","Currency","CreatedAt","UpdatedAt")
            SELECT 100000 + g, 'Customer ' || g, 'customer ' || (CASE WHEN g % 997 = 0 THEN g - 1 ELSE g END),
                   CASE WHEN g % 499 = 0 THEN 'shared' || (g / 998) || '.example' ELSE 'c' || g || '.example' END,
                   CASE WHEN g % 37 = 0 THEN NULL ELSE (ARRAY['Manufacturing','Retail','Software','Finance','Health'])[1 + g % 5] END,
                   (ARRAY['SMB','Mid-Market','Enterprise'])[1 + g % 3], (ARRAY['EMEA','AMER','APAC'])[1 + g % 3],
                   CASE WHEN g % 53 = 0 THEN NULL ELSE 'rep' || (g % 200) || '@example.com' END,
                   (ARRAY['Lead','Prospect','Customer','Churned'])[1 + g % 4], (g::bigint * 7919) % 101, (g % 1000) * 100, 'USD',
                   now() - make_interval(days => g % 1000), now() - make_interval(days => g % 100)
            FROM generate_series(1, {customers}) g;
            INSERT INTO deals ("Number","CustomerId","Name","Stage","Amount","Currency","CloseDate","OwnerEmail","CreatedAt","UpdatedAt","StageChangedAt")
            SELECT 100000 + g, 1 + (g * 13) % {customers}, 'Deal ' || g,
                   (ARRAY['Qualify','Discover','Propose','Negotiate','Won','Lost'])[1 + g % 6], 1000 + (g % 97) * 500,
                   CASE WHEN g % 10 = 0 THEN 'EUR' ELSE 'USD' END, current_date + (g % 240 - 120), 'rep' || (g % 200) || '@example.com',
                   now() - make_interval(days => 60 + g % 300), now() - make_interval(days => g % 90), now() - make_interval(days => g % 60, hours => g % 24)
            FROM generate_series(1, {deals}) g;
            INSERT INTO tickets ("Number","CustomerId","Subject","Priority","Status","OpenedAt","SlaDueAt","ResolvedAt")
            SELECT 100000 + g, 1 + (g * 17) % {customers}, 'Ticket ' || g,
                   (ARRAY['Low','Normal','High','Urgent'])[1 + g % 4], (ARRAY['Open','Pending','Resolved','Closed'])[1 + (g / 4) % 4],
                   now() - make_interval(days => g % 30, hours => g % 24),
                   now() - make_interval(days => g % 30, hours => g % 24) + make_interval(hours => (ARRAY[72,24,8,4])[1 + g % 4]),
                   CASE WHEN (g / 4) % 4 >= 2 THEN now() - make_interval(days => g % 10) END
            FROM generate_series(1, {tickets}) g;
            INSERT INTO invoices ("Number","CustomerId","Amount","Currency","IssuedOn","DueOn","PaidAt")
            SELECT 100000 + g, 1 + (g * 19) % {customers}, 500 + (g % 89) * 250, CASE WHEN g % 10 = 0 THEN 'EUR' ELSE 'USD' END,
                   current_date - (g % 200), current_date - (g % 200) + 30,
                   CASE WHEN g % 5 = 0 THEN NULL ELSE now() - make_interval(days => g % 170) END
            FROM generate_series(1, {invoices}) g;
            ANALYZE;
            """;
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}

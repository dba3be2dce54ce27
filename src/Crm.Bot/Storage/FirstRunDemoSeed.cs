using Crm.Bot.TryIt;
using Crm.Domain.Demo;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Storage;

/// <summary>
/// The one decision whether the demo set goes into a database on first use, shared by the host's
/// start and the command line's verbs so both treat a fresh home alike: only the embedded database
/// of a host without a real platform is seeded, and only while it holds no customers (or no role
/// rules). The answer always says what was seeded, what was not, and why.
/// </summary>
public sealed class FirstRunDemoSeed(IOptions<StorageOptions> options, StorageChoice storage, IConfiguration configuration,
    CrmDbContext db, DemoSeeder seeder)
{
    /// <summary>Seeds what is wanted; <see cref="DemoSeedOutcome.Seeded"/> is false when nothing was added.</summary>
    public async Task<DemoSeedOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var mode = ConsoleMode.From(configuration);
        var platforms = new[] { (mode.SlackConfigured, "Slack"), (mode.TeamsConfigured, "Teams") }.Where(p => p.Item1).Select(p => p.Item2).ToList();
        if (platforms.Count > 0)
            return NotSeeded($"demo set not seeded: {string.Join(" and ", platforms)} {(platforms.Count == 1 ? "is" : "are")} configured, so the demo people " +
                             "and their role rules (root@example.com → crm-admin among them) are never added to this database");
        if (!storage.OwnedByThisHost)
            return NotSeeded("demo set not seeded: PostgreSQL is never seeded at start (`seed` fills an empty database)");
        if (!options.Value.SeedDemoOnFirstRun) return NotSeeded("demo set not seeded: Storage:SeedDemoOnFirstRun is false");
        if (!options.Value.MigrateOnStart) return NotSeeded("demo set not seeded: Storage:MigrateOnStart is false (run `migrate`, then start again)");

        var customers = await db.Customers.CountAsync(cancellationToken);
        var rules = await db.RoleMappings.CountAsync(cancellationToken);
        if (customers == 0)
        {
            var summary = await seeder.SeedAsync(options.Value.DemoCustomers, DemoSeeder.DefaultSeed, null, cancellationToken);
            return new DemoSeedOutcome(true,
                $"seeded the demo set: {summary.Customers:N0} customers ({summary.Rows:N0} rows in {summary.Elapsed.TotalSeconds:F1} s)" +
                (summary.People > 0 ? $" and {summary.People} demo people with their roles (root@example.com is crm-admin)" : ""));
        }
        if (rules == 0)
        {
            // Customers came first (e.g. `import customers` before the first start): without the demo
            // people nobody would hold a role, not even an admin who could map one.
            var people = seeder.SeedPeople();
            return new DemoSeedOutcome(true,
                $"demo customers not seeded: the database already holds {customers:N0} customer(s) and the demo records only fill an " +
                $"empty database; seeded the {people} demo people with their roles (root@example.com is crm-admin) because no role rules existed");
        }
        return NotSeeded($"demo set not seeded: the database already holds {customers:N0} customer(s) and {rules:N0} role rule(s)");
    }

    private static DemoSeedOutcome NotSeeded(string text) => new(false, text);
}

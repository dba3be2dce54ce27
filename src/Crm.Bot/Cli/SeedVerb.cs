using Crm.Bot.Storage;
using Crm.Domain.Common;
using Crm.Domain.Demo;

namespace Crm.Bot.Cli;

public sealed class SeedVerb(DatabaseMigrator migrator, DemoSeeder seeder, StorageChoice storage, IConfiguration configuration) : ICliVerb
{
    public string Name => "seed";
    public string Summary => "Fill an empty database with demo data (fixed records + N generated customers).";
    public CliDatabaseUse Database => CliDatabaseUse.MigratesItself;
    public string Help => $"""
        Usage: seed [--customers N] [--seed S]

          --customers N   generated customers beside the fixed demo records, 0 to {DemoSeeder.MaxCustomers:N0} (default 200)
          --seed S        random seed; the same seed gives the same data (default {DemoSeeder.DefaultSeed})

        Applies pending migrations, then writes Acme Corporation (C-1001) and the other fixed
        records of the demo (and, unless Slack or Teams is configured, the demo people with their
        roles and the demo channels), followed by generated companies with contacts, deals in every stage,
        tickets and invoices (some overdue). Dates are relative to today. PostgreSQL is loaded
        with binary COPY. The database must not hold customers yet.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var parsed = CliArguments.Parse(args, ["--customers", "--seed"], [], out var error);
        long customers = 0, seed = 0;
        if (parsed is null || parsed.Positional.Count > 0 ||
            !parsed.TryInt("--customers", 200, 0, DemoSeeder.MaxCustomers, out customers, out error) ||
            !parsed.TryInt("--seed", DemoSeeder.DefaultSeed, int.MinValue, int.MaxValue, out seed, out error))
        {
            await output.WriteLineAsync($"{error ?? "seed takes no positional arguments."} See `seed --help`.");
            return 2;
        }

        await migrator.MigrateAsync(cancellationToken);
        await output.WriteLineAsync($"Seeding {storage.Description} with {customers:N0} generated customers (seed {seed}) …");
        try
        {
            // Demo people with roles (root@example.com → crm-admin) never go into a database a real platform uses.
            var mode = TryIt.ConsoleMode.From(configuration);
            var platform = mode.SlackConfigured ? "Slack" : mode.TeamsConfigured ? "Teams" : null;
            var summary = await seeder.SeedAsync((int)customers, seed, line => output.WriteLine($"  {line}"), cancellationToken, includePeople: platform is null);
            if (platform is not null)
                await output.WriteLineAsync($"  demo people and their role rules not added: {platform} is configured");
            await output.WriteLineAsync($"Done: {summary.Customers:N0} customers, {summary.Contacts:N0} contacts, {summary.Deals:N0} deals, " +
                                        $"{summary.Tickets:N0} tickets, {summary.Invoices:N0} invoices ({summary.Rows:N0} rows) " +
                                        $"in {summary.Elapsed.TotalSeconds:N1} s.");
            return 0;
        }
        catch (DomainException e)
        {
            await output.WriteLineAsync(e.Message);
            return 1;
        }
    }
}

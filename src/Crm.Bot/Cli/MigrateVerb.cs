using Crm.Bot.Storage;

namespace Crm.Bot.Cli;

public sealed class MigrateVerb(DatabaseMigrator migrator, StorageChoice storage) : ICliVerb
{
    public string Name => "migrate";
    public string Summary => "Apply pending database migrations and exit.";
    public CliDatabaseUse Database => CliDatabaseUse.MigratesItself;
    public string Help => """
        Usage: migrate

        Applies every pending migration to the configured database (ConnectionStrings:Crm, or the
        embedded SQLite file) and exits. Safe to run repeatedly and from several hosts at once.
        Use it when the host runs with Storage:MigrateOnStart=false.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Count > 0)
        {
            await output.WriteLineAsync($"migrate takes no arguments (got '{string.Join(' ', args)}').");
            return 2;
        }
        var applied = await migrator.MigrateAsync(cancellationToken);
        await output.WriteLineAsync(applied.Count == 0
            ? $"{storage.Description}: up to date, nothing to apply."
            : $"{storage.Description}: applied {applied.Count} migration(s): {string.Join(", ", applied)}");
        return 0;
    }
}

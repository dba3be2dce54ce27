namespace Crm.Bot.Cli;

/// <summary>What a verb needs of the database before it runs.</summary>
public enum CliDatabaseUse
{
    /// <summary>A migrated database: the embedded one is migrated first, as the host would; PostgreSQL must have been.</summary>
    NeedsMigrated,

    /// <summary>The verb migrates (migrate, seed): nothing is checked before it.</summary>
    MigratesItself,

    /// <summary>The verb never touches the database (manifests).</summary>
    None,
}

namespace Crm.Bot.Cli;

/// <summary>What a verb needs of the database before it runs.</summary>
public enum CliDatabaseUse
{
    /// <summary>A migrated database: the embedded one is migrated first, as the host would; PostgreSQL must have been.</summary>
    NeedsMigrated,

    /// <summary>
    /// As <see cref="NeedsMigrated"/>, but the verb brings the customers itself (import): the demo set
    /// is not seeded before it, so imported data never gets demo customers mixed in. The demo people
    /// follow on the next verb or start (the first-start rule for customers without role rules).
    /// </summary>
    NeedsMigratedBringsCustomers,

    /// <summary>The verb migrates (migrate, seed): nothing is checked before it.</summary>
    MigratesItself,

    /// <summary>The verb never touches the database (manifests).</summary>
    None,
}

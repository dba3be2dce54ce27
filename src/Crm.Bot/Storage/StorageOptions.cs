using System.ComponentModel.DataAnnotations;

namespace Crm.Bot.Storage;

/// <summary>Storage settings (section "Storage"); the database itself is chosen by ConnectionStrings:Crm.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Apply pending migrations when the host starts (off when a deployment step runs `migrate`).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>The embedded SQLite file; defaults to crm-bot/crm.db under the user's local application data.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>Seed the demo data set when the host starts on an empty embedded database.</summary>
    public bool SeedDemoOnFirstRun { get; set; } = true;

    /// <summary>How many generated customers the first-run demo set has, beside the fixed records.</summary>
    [Range(0, 100_000)]
    public int DemoCustomers { get; set; } = 200;
}

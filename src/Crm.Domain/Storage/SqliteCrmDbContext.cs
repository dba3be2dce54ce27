using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Crm.Domain.Storage;

public sealed class SqliteCrmDbContext(DbContextOptions<SqliteCrmDbContext> options) : CrmDbContext(options)
{
    public override bool IsPostgres => false;

    protected override void ConfigureProvider(ModelBuilder model) { }

    /// <summary>
    /// SQLite has no date-time type, and EF cannot compare or order DateTimeOffset stored as text;
    /// storing UTC ticks keeps range queries (overdue, SLA, outbox due) translatable.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configuration.Properties<decimal>().HaveConversion<double>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

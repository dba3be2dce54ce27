using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Storage;

public sealed class PostgresCrmDbContext(DbContextOptions<PostgresCrmDbContext> options) : CrmDbContext(options)
{
    public override bool IsPostgres => true;

    protected override void ConfigureProvider(ModelBuilder model)
    {
        model.HasPostgresExtension("pg_trgm");
        model.Entity<Customers.Customer>()
            .HasIndex(c => c.NameKey, "ix_customers_name_trgm")
            .HasMethod("gin")
            .HasOperators("gin_trgm_ops");
    }
}

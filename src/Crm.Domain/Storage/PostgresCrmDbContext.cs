using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Storage;

public sealed class PostgresCrmDbContext(DbContextOptions<PostgresCrmDbContext> options) : CrmDbContext(options)
{
    public override bool IsPostgres => true;

    protected override void ConfigureProvider(ModelBuilder model)
    {
        model.HasPostgresExtension("pg_trgm");
        var customer = model.Entity<Customers.Customer>();
        // Byte-order collation on the search keys: the plain b-tree indexes then serve prefix
        // LIKE and ORDER BY, so a prefix search reads only the first rows of the index.
        customer.Property(c => c.NameKey).UseCollation("C");
        customer.Property(c => c.Domain).UseCollation("C");
        customer.HasIndex(c => c.NameKey, "ix_customers_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Sqlite;

/// <summary>The embedded store keeps the same promise as PostgreSQL: audit rows cannot be changed or removed.</summary>
[DbContext(typeof(SqliteCrmDbContext))]
[Migration("20261126000100_AuditAppendOnly")]
public sealed class AuditAppendOnly : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
            BEGIN SELECT RAISE(ABORT, 'audit_records is append-only: UPDATE is not allowed'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
            BEGIN SELECT RAISE(ABORT, 'audit_records is append-only: DELETE is not allowed'); END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_records_no_update;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_records_no_delete;");
    }
}

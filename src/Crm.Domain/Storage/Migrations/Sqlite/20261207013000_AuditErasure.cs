using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Sqlite;

/// <summary>
/// As on PostgreSQL: audit rows may be updated only by an erasure (<c>admin erase person</c>), which
/// marks its own transaction with a row in <c>audit_erasure_window</c> and removes it before committing.
/// </summary>
[DbContext(typeof(SqliteCrmDbContext))]
[Migration("20261207013000_AuditErasure")]
public sealed class AuditErasure : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("CREATE TABLE audit_erasure_window (id INTEGER NOT NULL PRIMARY KEY);");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_records_no_update;");
        migrationBuilder.Sql("""
            CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
            WHEN NOT EXISTS (SELECT 1 FROM audit_erasure_window)
            BEGIN SELECT RAISE(ABORT, 'audit_records is append-only: UPDATE is not allowed'); END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_records_no_update;");
        migrationBuilder.Sql("""
            CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
            BEGIN SELECT RAISE(ABORT, 'audit_records is append-only: UPDATE is not allowed'); END;
            """);
        migrationBuilder.Sql("DROP TABLE IF EXISTS audit_erasure_window;");
    }
}

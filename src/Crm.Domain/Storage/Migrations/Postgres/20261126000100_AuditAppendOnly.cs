using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Postgres;

/// <summary>
/// The audit trail is append-only: the database itself refuses UPDATE, DELETE and TRUNCATE on it,
/// whoever asks. Hand-written because EF has no notion of triggers.
/// </summary>
[DbContext(typeof(PostgresCrmDbContext))]
[Migration("20261126000100_AuditAppendOnly")]
public sealed class AuditAppendOnly : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE FUNCTION audit_records_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'audit_records is append-only: % is not allowed', TG_OP
                USING ERRCODE = 'insufficient_privilege';
            END $$;
            CREATE TRIGGER audit_records_no_update_delete
              BEFORE UPDATE OR DELETE ON audit_records
              FOR EACH ROW EXECUTE FUNCTION audit_records_refuse_change();
            CREATE TRIGGER audit_records_no_truncate
              BEFORE TRUNCATE ON audit_records
              FOR EACH STATEMENT EXECUTE FUNCTION audit_records_refuse_change();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS audit_records_no_truncate ON audit_records;
            DROP TRIGGER IF EXISTS audit_records_no_update_delete ON audit_records;
            DROP FUNCTION IF EXISTS audit_records_refuse_change();
            """);
    }
}

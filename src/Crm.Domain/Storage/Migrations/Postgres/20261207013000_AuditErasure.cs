using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Postgres;

/// <summary>
/// The audit trail stays append-only, with one exception the law requires: erasing a person
/// (<c>admin erase person</c>) pseudonymizes the rows about them. The trigger lets an UPDATE through
/// only inside a transaction that set <c>crm.audit_erasure</c> (transaction-local); DELETE and
/// TRUNCATE stay refused.
/// </summary>
[DbContext(typeof(PostgresCrmDbContext))]
[Migration("20261207013000_AuditErasure")]
public sealed class AuditErasure : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION audit_records_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE' AND current_setting('crm.audit_erasure', true) = 'on' THEN
                RETURN NEW;
              END IF;
              RAISE EXCEPTION 'audit_records is append-only: % is not allowed', TG_OP
                USING ERRCODE = 'insufficient_privilege';
            END $$;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION audit_records_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'audit_records is append-only: % is not allowed', TG_OP
                USING ERRCODE = 'insufficient_privilege';
            END $$;
            """);
    }
}

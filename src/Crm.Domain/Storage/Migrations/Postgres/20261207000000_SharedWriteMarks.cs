using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Postgres;

/// <summary>
/// Marks of shared writes (see Storage/Sharing/SharedWriteMarks): one row per batch written outside a
/// transaction, holding the keys the batch produced, so a batch whose connection was lost can be
/// known to have committed or not. Not part of the EF model: only plain commands touch it.
/// Unlogged would lose marks in a crash of the server, which is exactly when they are needed.
/// </summary>
[DbContext(typeof(PostgresCrmDbContext))]
[Migration("20261207000000_SharedWriteMarks")]
public sealed class SharedWriteMarksTable : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE shared_write_marks (
              token uuid PRIMARY KEY,
              at timestamptz NOT NULL DEFAULT now(),
              keys bigint[] DEFAULT '{}');
            CREATE INDEX ix_shared_write_marks_at ON shared_write_marks (at);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TABLE shared_write_marks;");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Sqlite;

/// <summary>
/// Every timeline entry says which field class it is about, so the timeline is shown to an audience
/// only where it may read that class. Entries written before are classed by their kind, as product.md
/// says (deal and stage changes commercial, tickets support, invoices financial, the rest basic).
/// </summary>
[DbContext(typeof(SqliteCrmDbContext))]
[Migration("20261207070000_TimelineFieldClass")]
public sealed class TimelineFieldClass : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "FieldClass", table: "timeline", type: "INTEGER", nullable: false, defaultValue: 1);
        migrationBuilder.Sql("""
            UPDATE timeline SET "FieldClass" = CASE "Kind"
                WHEN 'DealChange' THEN 4 WHEN 'StageChange' THEN 4
                WHEN 'Ticket' THEN 24 WHEN 'Invoice' THEN 96
                ELSE 1 END
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "FieldClass", table: "timeline");
    }
}

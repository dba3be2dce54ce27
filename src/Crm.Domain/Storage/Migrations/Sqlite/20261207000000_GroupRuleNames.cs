using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Sqlite;

/// <summary>
/// Group rules name a group by its directory object id (in Match) and keep its display name beside it,
/// for people to read only. Rules made before keep their name in Match: they match nobody until the
/// host resolves them through Graph at start, or an admin maps the group again by id.
/// Hand-written, as the model change is one nullable column.
/// </summary>
[DbContext(typeof(SqliteCrmDbContext))]
[Migration("20261207000000_GroupRuleNames")]
public sealed class GroupRuleNames : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: "MatchName",
            table: "role_mappings",
            type: "TEXT",
            nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "MatchName",
            table: "role_mappings");
    }
}

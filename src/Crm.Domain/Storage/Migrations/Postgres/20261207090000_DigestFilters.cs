using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Postgres;

/// <summary>
/// A digest keeps the filters it was added with (region, segment, owner, since, until) as JSON; digests
/// added before have none and report everything, as they did.
/// </summary>
[DbContext(typeof(PostgresCrmDbContext))]
[Migration("20261207090000_DigestFilters")]
public sealed class DigestFilters : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Filters", table: "digest_subscriptions", type: "text", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "Filters", table: "digest_subscriptions");
    }
}

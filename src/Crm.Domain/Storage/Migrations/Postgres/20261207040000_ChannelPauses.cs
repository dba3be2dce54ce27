using System;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Postgres;

/// <summary>
/// A channel's pause (a platform's Retry-After), shared by every host through the database: one row
/// per channel, keyed by what the pacer reads before each send. Hand-written, as the model change is
/// one small table.
/// </summary>
[DbContext(typeof(PostgresCrmDbContext))]
[Migration("20261207040000_ChannelPauses")]
public sealed class ChannelPauses : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "channel_pauses",
            columns: table => new
            {
                Platform = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                Workspace = table.Column<string>(type: "text", nullable: false),
                Recipient = table.Column<string>(type: "text", nullable: false),
                PausedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_channel_pauses", x => new { x.Platform, x.Workspace, x.Recipient });
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "channel_pauses");
    }
}

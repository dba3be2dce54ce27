using System;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Postgres;

/// <summary>
/// The files replies carry (charts, exports), stored beside the outbox rows that name them and kept until
/// they expire. Hand-written, as the model change is one small table.
/// </summary>
[DbContext(typeof(PostgresCrmDbContext))]
[Migration("20261207100000_ReplyFiles")]
public sealed class ReplyFiles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "reply_files",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                Name = table.Column<string>(type: "text", nullable: false),
                MediaType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                Content = table.Column<byte[]>(type: "bytea", nullable: false),
                AltText = table.Column<string>(type: "text", nullable: true),
                Audience = table.Column<string>(type: "text", nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_reply_files", x => x.Id);
            });

        migrationBuilder.CreateIndex(
            name: "IX_reply_files_ExpiresAt",
            table: "reply_files",
            column: "ExpiresAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "reply_files");
    }
}

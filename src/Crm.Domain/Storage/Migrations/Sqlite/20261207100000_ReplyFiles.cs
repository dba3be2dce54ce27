using System;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Sqlite;

/// <summary>
/// The files replies carry (charts, exports), stored beside the outbox rows that name them and kept until
/// they expire. Hand-written, as the model change is one small table.
/// </summary>
[DbContext(typeof(SqliteCrmDbContext))]
[Migration("20261207100000_ReplyFiles")]
public sealed class ReplyFiles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "reply_files",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                Name = table.Column<string>(type: "TEXT", nullable: false),
                MediaType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                AltText = table.Column<string>(type: "TEXT", nullable: true),
                Audience = table.Column<string>(type: "TEXT", nullable: false),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
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

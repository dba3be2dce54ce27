using System;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Postgres;

/// <summary>
/// Slack installations (one row per workspace and per Enterprise Grid organization, tokens protected with
/// Data Protection) and the Data Protection key ring that protects them, shared by every host.
/// Hand-written, as the model change is two small tables.
/// </summary>
[DbContext(typeof(PostgresCrmDbContext))]
[Migration("20261207093000_SlackInstallations")]
public sealed class SlackInstallations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "data_protection_keys",
            columns: table => new
            {
                Id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                FriendlyName = table.Column<string>(type: "text", nullable: true),
                Xml = table.Column<string>(type: "text", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_data_protection_keys", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "slack_installations",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                EnterpriseId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                TeamId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                IsEnterpriseInstall = table.Column<bool>(type: "boolean", nullable: false),
                Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                AppId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                BotUserId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                Scopes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                InstallerUserId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                ProtectedBotToken = table.Column<string>(type: "text", nullable: true),
                ProtectedRefreshToken = table.Column<string>(type: "text", nullable: true),
                TokenExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                InstalledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                RemovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                RemovedReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_slack_installations", x => x.Id);
            });

        migrationBuilder.CreateIndex(
            name: "IX_slack_installations_EnterpriseId_TeamId",
            table: "slack_installations",
            columns: new[] { "EnterpriseId", "TeamId" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_slack_installations_TeamId",
            table: "slack_installations",
            column: "TeamId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "data_protection_keys");

        migrationBuilder.DropTable(
            name: "slack_installations");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Sqlite;

/// <summary>
/// Slack installations (one row per workspace and per Enterprise Grid organization, tokens protected with
/// Data Protection) and the Data Protection key ring that protects them, shared by every host.
/// Hand-written, as the model change is two small tables.
/// </summary>
[DbContext(typeof(SqliteCrmDbContext))]
[Migration("20261207093000_SlackInstallations")]
public sealed class SlackInstallations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "data_protection_keys",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                Xml = table.Column<string>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_data_protection_keys", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "slack_installations",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                EnterpriseId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                TeamId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                IsEnterpriseInstall = table.Column<bool>(type: "INTEGER", nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                AppId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                BotUserId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                Scopes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                InstallerUserId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                ProtectedBotToken = table.Column<string>(type: "TEXT", nullable: true),
                ProtectedRefreshToken = table.Column<string>(type: "TEXT", nullable: true),
                TokenExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                InstalledAt = table.Column<long>(type: "INTEGER", nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                RemovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                RemovedReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
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

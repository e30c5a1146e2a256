using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NfvMano.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Catalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AdditionalArtifactsJson",
                table: "vnf_packages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingUploadJson",
                table: "vnf_packages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SoftwareImagesJson",
                table: "vnf_packages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "WorkLeaseExpiresAt",
                table: "vnf_packages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "nsd_infos",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OnboardingState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OperationalState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UsageState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    NsdId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NsdName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NsdVersion = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    NsdDesigner = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NsdInvariantId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    VnfPkgIdsJson = table.Column<string>(type: "text", nullable: false),
                    UserDefinedDataJson = table.Column<string>(type: "text", nullable: false),
                    OnboardingFailureDetailsJson = table.Column<string>(type: "text", nullable: true),
                    DescriptorJson = table.Column<string>(type: "text", nullable: true),
                    WorkLeaseExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nsd_infos", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "subscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Api = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    CallbackUri = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    FilterJson = table.Column<string>(type: "text", nullable: false),
                    AuthenticationJson = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "nsd_contents",
                columns: table => new
                {
                    NsdInfoId = table.Column<Guid>(type: "uuid", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nsd_contents", x => x.NsdInfoId);
                    table.ForeignKey(
                        name: "FK_nsd_contents_nsd_infos_NsdInfoId",
                        column: x => x.NsdInfoId,
                        principalTable: "nsd_infos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notification_deliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OutboxMessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "uuid", nullable: false),
                    NotificationType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    PayloadJson = table.Column<string>(type: "text", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LeaseExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AbandonedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notification_deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_notification_deliveries_subscriptions_SubscriptionId",
                        column: x => x.SubscriptionId,
                        principalTable: "subscriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_vnf_packages_OnboardingState",
                table: "vnf_packages",
                column: "OnboardingState");

            migrationBuilder.CreateIndex(
                name: "IX_notification_deliveries_DeliveredAt_AbandonedAt_NextAttempt~",
                table: "notification_deliveries",
                columns: new[] { "DeliveredAt", "AbandonedAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_notification_deliveries_OutboxMessageId_SubscriptionId",
                table: "notification_deliveries",
                columns: new[] { "OutboxMessageId", "SubscriptionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notification_deliveries_SubscriptionId",
                table: "notification_deliveries",
                column: "SubscriptionId");

            migrationBuilder.CreateIndex(
                name: "IX_nsd_infos_CreatedAt",
                table: "nsd_infos",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_nsd_infos_OnboardingState",
                table: "nsd_infos",
                column: "OnboardingState");

            migrationBuilder.CreateIndex(
                name: "IX_nsd_infos_TenantId_NsdId",
                table: "nsd_infos",
                columns: new[] { "TenantId", "NsdId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_Api_TenantId",
                table: "subscriptions",
                columns: new[] { "Api", "TenantId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notification_deliveries");

            migrationBuilder.DropTable(
                name: "nsd_contents");

            migrationBuilder.DropTable(
                name: "subscriptions");

            migrationBuilder.DropTable(
                name: "nsd_infos");

            migrationBuilder.DropIndex(
                name: "IX_vnf_packages_OnboardingState",
                table: "vnf_packages");

            migrationBuilder.DropColumn(
                name: "AdditionalArtifactsJson",
                table: "vnf_packages");

            migrationBuilder.DropColumn(
                name: "PendingUploadJson",
                table: "vnf_packages");

            migrationBuilder.DropColumn(
                name: "SoftwareImagesJson",
                table: "vnf_packages");

            migrationBuilder.DropColumn(
                name: "WorkLeaseExpiresAt",
                table: "vnf_packages");
        }
    }
}

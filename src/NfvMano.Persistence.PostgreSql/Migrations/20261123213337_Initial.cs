using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NfvMano.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "vnf_packages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OnboardingState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OperationalState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UsageState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    VnfdId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    VnfProvider = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    VnfProductName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    VnfSoftwareVersion = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    VnfdVersion = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ChecksumAlgorithm = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ChecksumHash = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    UserDefinedDataJson = table.Column<string>(type: "text", nullable: false),
                    OnboardingFailureDetailsJson = table.Column<string>(type: "text", nullable: true),
                    DescriptorJson = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vnf_packages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "vnf_package_contents",
                columns: table => new
                {
                    PackageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vnf_package_contents", x => x.PackageId);
                    table.ForeignKey(
                        name: "FK_vnf_package_contents_vnf_packages_PackageId",
                        column: x => x.PackageId,
                        principalTable: "vnf_packages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_vnf_packages_CreatedAt",
                table: "vnf_packages",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_vnf_packages_TenantId_VnfdId",
                table: "vnf_packages",
                columns: new[] { "TenantId", "VnfdId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "vnf_package_contents");

            migrationBuilder.DropTable(
                name: "vnf_packages");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NfvMano.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class VnfLcm : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "placement_claims",
                columns: table => new
                {
                    RequestId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    VnfInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    OpOccId = table.Column<Guid>(type: "uuid", nullable: false),
                    Host = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AssignmentJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_placement_claims", x => x.RequestId);
                });

            migrationBuilder.CreateTable(
                name: "placement_lock",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_placement_lock", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "vnf_instances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Description = table.Column<string>(type: "text", nullable: true),
                    VnfdId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    VnfdVersion = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    VnfPkgId = table.Column<Guid>(type: "uuid", nullable: false),
                    VnfProvider = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    VnfProductName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    VnfSoftwareVersion = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    InstantiationState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    InstantiatedJson = table.Column<string>(type: "text", nullable: true),
                    MetadataJson = table.Column<string>(type: "text", nullable: false),
                    ExtensionsJson = table.Column<string>(type: "text", nullable: false),
                    CurrentOpOccId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vnf_instances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "vnf_lcm_op_occs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    VnfInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Operation = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OperationState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StateEnteredTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IsAutomaticInvocation = table.Column<bool>(type: "boolean", nullable: false),
                    OperationParamsJson = table.Column<string>(type: "text", nullable: false),
                    IsCancelPending = table.Column<bool>(type: "boolean", nullable: false),
                    ErrorJson = table.Column<string>(type: "text", nullable: true),
                    ResourceChangesJson = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vnf_lcm_op_occs", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "placement_lock",
                columns: new[] { "Id", "Sequence" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_placement_claims_OpOccId",
                table: "placement_claims",
                column: "OpOccId");

            migrationBuilder.CreateIndex(
                name: "IX_placement_claims_VnfInstanceId",
                table: "placement_claims",
                column: "VnfInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_vnf_instances_TenantId_CreatedAt",
                table: "vnf_instances",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_vnf_instances_VnfPkgId",
                table: "vnf_instances",
                column: "VnfPkgId");

            migrationBuilder.CreateIndex(
                name: "IX_vnf_lcm_op_occs_TenantId_StartTime",
                table: "vnf_lcm_op_occs",
                columns: new[] { "TenantId", "StartTime" });

            migrationBuilder.CreateIndex(
                name: "IX_vnf_lcm_op_occs_VnfInstanceId",
                table: "vnf_lcm_op_occs",
                column: "VnfInstanceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "placement_claims");

            migrationBuilder.DropTable(
                name: "placement_lock");

            migrationBuilder.DropTable(
                name: "vnf_instances");

            migrationBuilder.DropTable(
                name: "vnf_lcm_op_occs");
        }
    }
}

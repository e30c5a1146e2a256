using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NfvMano.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class NsLcm : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ns_instances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    NsdId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    NsdInfoId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NsState = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FlavourId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    InstantiatedJson = table.Column<string>(type: "TEXT", nullable: true),
                    CurrentOpOccId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ns_instances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ns_lcm_op_occs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    NsInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LcmOperationType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OperationState = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StateEnteredTime = table.Column<long>(type: "INTEGER", nullable: false),
                    StartTime = table.Column<long>(type: "INTEGER", nullable: false),
                    IsAutomaticInvocation = table.Column<bool>(type: "INTEGER", nullable: false),
                    OperationParamsJson = table.Column<string>(type: "TEXT", nullable: false),
                    ErrorJson = table.Column<string>(type: "TEXT", nullable: true),
                    ResourceChangesJson = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ns_lcm_op_occs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ns_vnfs",
                columns: table => new
                {
                    VnfInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NsInstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VnfProfileId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedByNs = table.Column<bool>(type: "INTEGER", nullable: false),
                    AddedByOpOccId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AddedByStep = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    LastVnfOpOccId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ns_vnfs", x => x.VnfInstanceId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ns_instances_NsdInfoId",
                table: "ns_instances",
                column: "NsdInfoId");

            migrationBuilder.CreateIndex(
                name: "IX_ns_instances_TenantId_CreatedAt",
                table: "ns_instances",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ns_lcm_op_occs_NsInstanceId",
                table: "ns_lcm_op_occs",
                column: "NsInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_ns_lcm_op_occs_TenantId_StartTime",
                table: "ns_lcm_op_occs",
                columns: new[] { "TenantId", "StartTime" });

            migrationBuilder.CreateIndex(
                name: "IX_ns_vnfs_AddedByOpOccId_AddedByStep",
                table: "ns_vnfs",
                columns: new[] { "AddedByOpOccId", "AddedByStep" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ns_vnfs_NsInstanceId",
                table: "ns_vnfs",
                column: "NsInstanceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ns_instances");

            migrationBuilder.DropTable(
                name: "ns_lcm_op_occs");

            migrationBuilder.DropTable(
                name: "ns_vnfs");
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.Audit;

/// <summary>
/// One state-changing request or console action: who (API client or operator account), for which tenant, what
/// (method, route template, resource id), when and the outcome (HTTP status). Never a request body, a header value
/// or a query string: those may carry secrets.
/// </summary>
public sealed class AuditEntryEntity
{
    /// <summary>The entry id.</summary>
    public Guid Id { get; set; }

    /// <summary>When the request ended.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>Where it came from: <c>api</c> or <c>console</c>.</summary>
    public string Channel { get; set; } = "api";

    /// <summary>The client id, operator user name, or <c>anonymous</c> when no valid credentials came.</summary>
    public string Actor { get; set; } = "";

    /// <summary>The actor's tenant, when it is known.</summary>
    public string? TenantId { get; set; }

    /// <summary>The HTTP method, or the console action's verb.</summary>
    public string Method { get; set; } = "";

    /// <summary>The route template (<c>/vnflcm/v1/vnf_instances/{vnfInstanceId}/instantiate</c>), or the console action.</summary>
    public string Route { get; set; } = "";

    /// <summary>The resource the request addressed or created, when there is one.</summary>
    public string? ResourceId { get; set; }

    /// <summary>The HTTP status answered (for console actions: 200 done, 4xx refused, 500 failed).</summary>
    public int StatusCode { get; set; }

    /// <summary>The caller's address, as the server saw it.</summary>
    public string? RemoteAddress { get; set; }
}

internal sealed class AuditEntryEntityConfiguration : IEntityTypeConfiguration<AuditEntryEntity>
{
    public void Configure(EntityTypeBuilder<AuditEntryEntity> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Channel).HasMaxLength(16).IsRequired();
        builder.Property(e => e.Actor).HasMaxLength(128).IsRequired();
        builder.Property(e => e.TenantId).HasMaxLength(128);
        builder.Property(e => e.Method).HasMaxLength(16).IsRequired();
        builder.Property(e => e.Route).HasMaxLength(256).IsRequired();
        builder.Property(e => e.ResourceId).HasMaxLength(128);
        builder.Property(e => e.RemoteAddress).HasMaxLength(64);
        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => new { e.TenantId, e.OccurredAt });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.Catalogue;

/// <summary>
/// A subscription to the notifications of one API (<c>vnfpkgm</c>, <c>nsd</c>, later <c>vnflcm</c>, …):
/// where to send them, which ones, and how to authenticate toward the subscriber.
/// </summary>
public sealed class SubscriptionEntity
{
    /// <summary>The subscription id.</summary>
    public Guid Id { get; set; }

    /// <summary>The API whose notifications are subscribed to, e.g. <c>vnfpkgm</c>.</summary>
    public string Api { get; set; } = "";

    /// <summary>The tenant that owns the subscription.</summary>
    public string TenantId { get; set; } = "default";

    /// <summary>The subscriber's callback URI.</summary>
    public string CallbackUri { get; set; } = "";

    /// <summary>The notifications filter as sent (a JSON object; <c>{}</c> matches every notification).</summary>
    public string FilterJson { get; set; } = "{}";

    /// <summary>
    /// How to authenticate toward the subscriber (SOL013 <c>SubscriptionAuthentication</c>, as JSON), or null.
    /// Holds credentials: never returned by the API and never logged.
    /// </summary>
    public string? AuthenticationJson { get; set; }

    /// <summary>When the subscription was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class SubscriptionEntityConfiguration : IEntityTypeConfiguration<SubscriptionEntity>
{
    public void Configure(EntityTypeBuilder<SubscriptionEntity> builder)
    {
        builder.ToTable("subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Api).HasMaxLength(32).IsRequired();
        builder.Property(s => s.TenantId).HasMaxLength(128).IsRequired();
        builder.Property(s => s.CallbackUri).HasMaxLength(2048).IsRequired();
        builder.HasIndex(s => new { s.Api, s.TenantId });
    }
}

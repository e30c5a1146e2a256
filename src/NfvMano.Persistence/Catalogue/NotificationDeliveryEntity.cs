using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.Catalogue;

/// <summary>
/// One notification on its way to one subscriber: made from an outbox message for every subscription whose
/// filter matches, then sent until the subscriber answers 2xx (at least once) or the attempts run out.
/// </summary>
public sealed class NotificationDeliveryEntity : IVersioned
{
    /// <summary>The delivery id.</summary>
    public Guid Id { get; set; }

    /// <summary>The outbox message the notification comes from (its id is the notification id).</summary>
    public Guid OutboxMessageId { get; set; }

    /// <summary>The subscription it goes to.</summary>
    public Guid SubscriptionId { get; set; }

    /// <summary>The notification type, e.g. <c>VnfPackageOnboardingNotification</c>.</summary>
    public string NotificationType { get; set; } = "";

    /// <summary>The notification body as sent (JSON, with this subscription's id in it).</summary>
    public string PayloadJson { get; set; } = "{}";

    /// <summary>Attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not before this time is the next attempt made.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Until when the process sending it holds it; another process takes over after that.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>When the subscriber accepted it; null while pending.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>When delivery was given up after the last allowed attempt; null otherwise.</summary>
    public DateTimeOffset? AbandonedAt { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? LastError { get; set; }

    /// <summary>When the delivery was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public long Version { get; set; }
}

internal sealed class NotificationDeliveryEntityConfiguration : IEntityTypeConfiguration<NotificationDeliveryEntity>
{
    public void Configure(EntityTypeBuilder<NotificationDeliveryEntity> builder)
    {
        builder.ToTable("notification_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.NotificationType).HasMaxLength(128).IsRequired();
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Property(d => d.LastError).HasMaxLength(2048);
        // One delivery per notification and subscriber, so a fan-out repeated after a crash adds nothing.
        builder.HasIndex(d => new { d.OutboxMessageId, d.SubscriptionId }).IsUnique();
        builder.HasIndex(d => new { d.DeliveredAt, d.AbandonedAt, d.NextAttemptAt });
        builder.HasOne<SubscriptionEntity>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}

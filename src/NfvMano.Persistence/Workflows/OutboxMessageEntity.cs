using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.Workflows;

/// <summary>
/// A message to deliver, written in the same transaction as the state change it reports, so a
/// committed change is never left unannounced and an announced change is always committed.
/// </summary>
public sealed class OutboxMessageEntity
{
    /// <summary>The message id (also the notification id sent to subscribers).</summary>
    public Guid Id { get; set; }

    /// <summary>What the message is, e.g. <c>VnfLcmOperationOccurrenceNotification</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>The message body (JSON).</summary>
    public string PayloadJson { get; set; } = "{}";

    /// <summary>When it was written.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was handed over for delivery; null while pending.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>Dispatch attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not before this time is the next attempt made.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The last dispatch error.</summary>
    public string? LastError { get; set; }
}

internal sealed class OutboxMessageEntityConfiguration : IEntityTypeConfiguration<OutboxMessageEntity>
{
    public void Configure(EntityTypeBuilder<OutboxMessageEntity> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Type).HasMaxLength(128).IsRequired();
        builder.HasIndex(m => new { m.DispatchedAt, m.NextAttemptAt });
    }
}

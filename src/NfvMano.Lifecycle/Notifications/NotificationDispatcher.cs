using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Persistence;
using NfvMano.Persistence.Catalogue;

namespace NfvMano.Lifecycle.Notifications;

/// <summary>
/// Turns committed notification outbox messages into one delivery per matching subscription, and sends due
/// deliveries: a 2xx answer delivers it; anything else is retried with <see cref="BackoffPolicy"/> until
/// <see cref="NotificationOptions.MaxAttempts"/>. Both steps are safe to run in several processes at once.
/// </summary>
public sealed partial class NotificationDispatcher
{
    private const int Batch = 50;
    private readonly NfvManoDbContext _db;
    private readonly NotificationApiRegistry _apis;
    private readonly SubscriberClient _subscribers;
    private readonly BackoffPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly IOptions<NotificationOptions> _options;
    private readonly ILogger<NotificationDispatcher> _logger;

    /// <summary>Creates the dispatcher.</summary>
    public NotificationDispatcher(
        NfvManoDbContext db,
        NotificationApiRegistry apis,
        SubscriberClient subscribers,
        BackoffPolicy backoff,
        TimeProvider time,
        IOptions<NotificationOptions> options,
        ILogger<NotificationDispatcher> logger)
    {
        _db = db;
        _apis = apis;
        _subscribers = subscribers;
        _backoff = backoff;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>Fans out pending outbox messages of the registered notification types; returns how many.</summary>
    public async Task<int> FanOutAsync(CancellationToken cancellationToken)
    {
        var types = _apis.AllTypes.ToList();
        var messages = await _db.OutboxMessages
            .Where(m => m.DispatchedAt == null && types.Contains(m.Type))
            .OrderBy(m => m.CreatedAt)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        foreach (var message in messages)
        {
            var envelope = JsonSerializer.Deserialize<NotificationEnvelope>(message.PayloadJson, NotificationEnvelope.JsonOptions)!;
            var receivers = _apis.Receivers(envelope.Api);
            var subscriptions = await _db.Subscriptions.AsNoTracking()
                .Where(s => receivers.Contains(s.Api) && s.TenantId == envelope.TenantId)
                .ToListAsync(cancellationToken);
            var existing = await _db.NotificationDeliveries.Where(d => d.OutboxMessageId == message.Id)
                .Select(d => d.SubscriptionId).ToListAsync(cancellationToken);
            var now = _time.GetUtcNow();
            foreach (var subscription in subscriptions)
            {
                if (existing.Contains(subscription.Id)
                    || JsonNode.Parse(subscription.FilterJson) is not JsonObject filter
                    || !NotificationFilter.Matches(filter, message.Type, envelope.Attributes))
                {
                    continue;
                }

                _db.NotificationDeliveries.Add(new NotificationDeliveryEntity
                {
                    Id = Guid.NewGuid(),
                    OutboxMessageId = message.Id,
                    SubscriptionId = subscription.Id,
                    NotificationType = message.Type,
                    PayloadJson = ForSubscriber(envelope.Notification, envelope.Api, subscription.Api, subscription.Id),
                    NextAttemptAt = now,
                    CreatedAt = now,
                });
            }

            message.DispatchedAt = now;
            message.Attempts++;
            try
            {
                await _db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another process fanned the same message out at the same time; its deliveries stand.
                _db.ChangeTracker.Clear();
            }
        }

        return messages.Count;
    }

    /// <summary>Sends the deliveries that are due; returns how many were attempted.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = await _db.NotificationDeliveries
            .Where(d => d.DeliveredAt == null && d.AbandonedAt == null && d.NextAttemptAt <= now && (d.LeaseExpiresAt == null || d.LeaseExpiresAt < now))
            .OrderBy(d => d.NextAttemptAt)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        var attempted = 0;
        foreach (var delivery in due)
        {
            // Claim it first: the version check makes exactly one process win.
            delivery.LeaseExpiresAt = now + _options.Value.Lease;
            try
            {
                await _db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                _db.Entry(delivery).State = EntityState.Detached;
                continue;
            }

            attempted++;
            await AttemptAsync(delivery, cancellationToken);
        }

        return attempted;
    }

    private async Task AttemptAsync(NotificationDeliveryEntity delivery, CancellationToken cancellationToken)
    {
        var subscription = await _db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == delivery.SubscriptionId, cancellationToken);
        if (subscription is null)
        {
            return;
        }

        string? error;
        try
        {
            var status = await _subscribers.SendAsync(HttpMethod.Post, new Uri(subscription.CallbackUri), delivery.PayloadJson,
                SubscriberAuthentication.FromStored(subscription.AuthenticationJson), cancellationToken);
            error = (int)status is >= 200 and < 300 ? null : $"the subscriber answered {(int)status} {status}";
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
        }

        var now = _time.GetUtcNow();
        delivery.Attempts++;
        delivery.LeaseExpiresAt = null;
        if (error is null)
        {
            delivery.DeliveredAt = now;
            delivery.LastError = null;
            LogDelivered(_logger, delivery.NotificationType, delivery.OutboxMessageId, subscription.Id, delivery.Attempts);
        }
        else
        {
            delivery.LastError = error.Length > 2000 ? error[..2000] : error;
            if (delivery.Attempts >= _options.Value.MaxAttempts)
            {
                delivery.AbandonedAt = now;
                LogAbandoned(_logger, delivery.NotificationType, delivery.OutboxMessageId, subscription.Id, delivery.Attempts, error);
            }
            else
            {
                var wait = _backoff.After(delivery.Attempts);
                delivery.NextAttemptAt = now + wait;
                LogRetry(_logger, delivery.NotificationType, delivery.OutboxMessageId, subscription.Id, delivery.Attempts, error, wait);
            }
        }

        await _db.SaveChangesAsync(cancellationToken);
    }

    private string ForSubscriber(JsonObject notification, string publisher, string api, Guid subscriptionId)
    {
        var copy = notification.DeepClone().AsObject();
        copy["subscriptionId"] = subscriptionId.ToString();
        var links = copy["_links"] as JsonObject ?? [];
        var subscribedTo = _apis.Get(api);
        if (subscribedTo.Name != publisher)
        {
            // The subscriber follows links on the API version it subscribed on.
            var from = Href(_apis.Get(publisher).RootPath + "/");
            var to = Href(subscribedTo.RootPath + "/");
            foreach (var link in links.Select(l => l.Value).OfType<JsonObject>())
            {
                if (link["href"] is JsonValue href && href.GetValue<string>() is { } text && text.StartsWith(from, StringComparison.Ordinal))
                {
                    link["href"] = to + text[from.Length..];
                }
            }
        }
        links["subscription"] = new JsonObject { ["href"] = Href(subscribedTo.SubscriptionsPath + "/" + subscriptionId) };
        copy["_links"] = links;
        return copy.ToJsonString();
    }

    private string Href(string path) => (_options.Value.ApiRoot?.TrimEnd('/') ?? "") + path;

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "{NotificationType} {NotificationId} delivered to subscription {SubscriptionId} after {Attempts} attempt(s)")]
    private static partial void LogDelivered(ILogger logger, string notificationType, Guid notificationId, Guid subscriptionId, int attempts);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "{NotificationType} {NotificationId} to subscription {SubscriptionId}: attempt {Attempts} failed ({Error}); next in {Wait}")]
    private static partial void LogRetry(ILogger logger, string notificationType, Guid notificationId, Guid subscriptionId, int attempts, string error, TimeSpan wait);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Error, Message = "{NotificationType} {NotificationId} to subscription {SubscriptionId} given up after {Attempts} attempts ({Error})")]
    private static partial void LogAbandoned(ILogger logger, string notificationType, Guid notificationId, Guid subscriptionId, int attempts, string error);
}

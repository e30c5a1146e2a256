using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Persistence.Catalogue;

namespace NfvMano.Api.Sol005.Subscriptions;

/// <summary>What the subscription endpoints of every SOL005 API share: parsing ids and shaping the resource.</summary>
internal static class SubscriptionHandlers
{
    public static Guid ParseId(string subscriptionId) =>
        Guid.TryParse(subscriptionId, out var id) ? id : throw new CatalogueException(CatalogueErrorKind.NotFound, $"No subscription with id '{subscriptionId}' exists.");

    public static (string Id, JsonObject? Filter, string CallbackUri, SubscriptionLinks Links) Shape(HttpRequest request, NotificationApi api, SubscriptionEntity s)
    {
        var filter = JsonNode.Parse(s.FilterJson) as JsonObject;
        return (s.Id.ToString(), filter is { Count: > 0 } ? filter : null, s.CallbackUri,
            new SubscriptionLinks(Link.To(request, $"{api.SubscriptionsPath}/{s.Id}")));
    }
}

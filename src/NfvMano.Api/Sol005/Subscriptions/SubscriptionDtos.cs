using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NfvMano.Api.Sol005.Subscriptions;

/// <summary>SOL005 <c>PkgmSubscriptionRequest</c>.</summary>
public sealed record PkgmSubscriptionRequest(
    [property: JsonPropertyName("filter")] JsonObject? Filter,
    [property: JsonPropertyName("callbackUri")] string? CallbackUri,
    [property: JsonPropertyName("authentication")] JsonObject? Authentication);

/// <summary>SOL005 <c>PkgmSubscription</c> (the authentication is never returned).</summary>
public sealed record PkgmSubscription(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("filter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Filter,
    [property: JsonPropertyName("callbackUri")] string CallbackUri,
    [property: JsonPropertyName("_links")] SubscriptionLinks Links);

/// <summary>SOL005 <c>NsdmSubscriptionRequest</c>.</summary>
public sealed record NsdmSubscriptionRequest(
    [property: JsonPropertyName("filter")] JsonObject? Filter,
    [property: JsonPropertyName("callbackUri")] string? CallbackUri,
    [property: JsonPropertyName("authentication")] JsonObject? Authentication);

/// <summary>SOL005 <c>NsdmSubscription</c> (the authentication is never returned).</summary>
public sealed record NsdmSubscription(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("filter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Filter,
    [property: JsonPropertyName("callbackUri")] string CallbackUri,
    [property: JsonPropertyName("_links")] SubscriptionLinks Links);

/// <summary>Links of a subscription.</summary>
/// <param name="Self">The subscription itself.</param>
public sealed record SubscriptionLinks([property: JsonPropertyName("self")] Link Self);

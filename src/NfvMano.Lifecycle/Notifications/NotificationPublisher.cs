using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NfvMano.Persistence;
using NfvMano.Persistence.Workflows;

namespace NfvMano.Lifecycle.Notifications;

/// <summary>
/// Writes a notification into the outbox of the caller's unit of work, so it commits with the state change it
/// reports and is delivered only if that change commits. The notification's <c>id</c> and <c>timeStamp</c> are
/// set here; <c>subscriptionId</c> and <c>_links.subscription</c> per subscriber when it is fanned out.
/// </summary>
public sealed class NotificationPublisher
{
    private readonly TimeProvider _time;
    private readonly IOptions<NotificationOptions> _options;

    /// <summary>Creates the publisher.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="options">Where the API root is, for links.</param>
    public NotificationPublisher(TimeProvider time, IOptions<NotificationOptions> options)
    {
        _time = time;
        _options = options;
    }

    /// <summary>A link object (<c>{"href": …}</c>) to a resource, absolute when the API root is configured.</summary>
    /// <param name="path">The resource's path, e.g. <c>/vnfpkgm/v1/vnf_packages/…</c>.</param>
    public JsonObject Link(string path) => new() { ["href"] = (_options.Value.ApiRoot?.TrimEnd('/') ?? "") + path };

    /// <summary>Adds the notification to <paramref name="db"/>'s pending changes (does not save).</summary>
    /// <param name="db">The unit of work that also holds the state change.</param>
    /// <param name="api">The API whose subscribers get it.</param>
    /// <param name="tenantId">Only subscriptions of this tenant get it.</param>
    /// <param name="notificationType">The SOL005 notification type.</param>
    /// <param name="body">The notification's own attributes (without id, type, time stamp and subscription).</param>
    /// <param name="attributes">The values subscription filters are matched against, by filter attribute.</param>
    public void Publish(NfvManoDbContext db, NotificationApi api, string tenantId, string notificationType, JsonObject body, IReadOnlyDictionary<string, string[]> attributes)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(body);
        var now = _time.GetUtcNow();
        var id = Guid.NewGuid();
        var notification = new JsonObject
        {
            ["id"] = id.ToString(),
            ["notificationType"] = notificationType,
            ["subscriptionId"] = "",
            ["timeStamp"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in body)
        {
            notification[key] = value?.DeepClone();
        }

        var envelope = new NotificationEnvelope(api.Name, tenantId, notification, attributes.ToDictionary(a => a.Key, a => a.Value));
        db.OutboxMessages.Add(new OutboxMessageEntity
        {
            Id = id,
            Type = notificationType,
            PayloadJson = JsonSerializer.Serialize(envelope, NotificationEnvelope.JsonOptions),
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}

/// <summary>What an outbox row of a notification holds: the notification and what filters match against.</summary>
/// <param name="Api">The API whose subscribers get it.</param>
/// <param name="TenantId">The tenant whose subscribers get it.</param>
/// <param name="Notification">The notification body.</param>
/// <param name="Attributes">Filter attribute values.</param>
internal sealed record NotificationEnvelope(string Api, string TenantId, JsonObject Notification, Dictionary<string, string[]> Attributes)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);
}

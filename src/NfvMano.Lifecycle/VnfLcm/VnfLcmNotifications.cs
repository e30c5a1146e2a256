using System.Text.Json.Nodes;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Persistence;
using NfvMano.Persistence.VnfLcm;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>The SOL003 VNF LCM notifications, written to the outbox of the caller's unit of work.</summary>
public sealed class VnfLcmNotifications(NotificationPublisher publisher)
{
    /// <summary>Notification type of an operation occurrence's state change.</summary>
    public const string OperationOccurrence = "VnfLcmOperationOccurrenceNotification";

    /// <summary>Notification type of a new VNF instance id.</summary>
    public const string IdentifierCreation = "VnfIdentifierCreationNotification";

    /// <summary>Notification type of a deleted VNF instance id.</summary>
    public const string IdentifierDeletion = "VnfIdentifierDeletionNotification";

    /// <summary>
    /// The vnflcm notification API with SOL003's <c>LifecycleChangeNotificationsFilter</c>: <c>notificationTypes</c>,
    /// <c>operationTypes</c>, <c>operationStates</c> and the nested <c>vnfInstanceSubscriptionFilter</c>
    /// (<c>vnfdIds</c>, <c>vnfProductsFromProviders</c>, <c>vnfInstanceIds</c>, <c>vnfInstanceNames</c>). The flat
    /// <c>vnfInstanceIds</c> and <c>vnfdIds</c> of earlier subscriptions keep working.
    /// </summary>
    public static NotificationApi Api { get; } = new(
        "vnflcm",
        "/vnflcm/v1/subscriptions",
        [OperationOccurrence, IdentifierCreation, IdentifierDeletion],
        ["operationTypes", "operationStates", "vnfInstanceIds", "vnfdIds"],
        HasVnfInstanceSubscriptionFilter: true);

    /// <summary>vnflcm v2 subscriptions: the same notifications, their links on <c>/vnflcm/v2</c>.</summary>
    public static NotificationApi ApiV2 { get; } = Api with { Name = "vnflcm-v2", SubscriptionsPath = "/vnflcm/v2/subscriptions", VersionOf = Api.Name };

    /// <summary>Announces an operation occurrence's current state (START for STARTING, PROCESSING and ROLLING_BACK; RESULT otherwise).</summary>
    public void OperationChanged(NfvManoDbContext db, VnfLcmOpOccEntity opOcc, VnfInstanceEntity instance)
    {
        ArgumentNullException.ThrowIfNull(opOcc);
        ArgumentNullException.ThrowIfNull(instance);
        var status = opOcc.OperationState is "STARTING" or "PROCESSING" or "ROLLING_BACK" ? "START" : "RESULT";
        var body = new JsonObject
        {
            ["notificationStatus"] = status,
            ["operationState"] = opOcc.OperationState,
            ["vnfInstanceId"] = opOcc.VnfInstanceId.ToString(),
            ["operation"] = opOcc.Operation,
            ["isAutomaticInvocation"] = opOcc.IsAutomaticInvocation,
            ["vnfLcmOpOccId"] = opOcc.Id.ToString(),
            ["_links"] = new JsonObject
            {
                ["vnfInstance"] = publisher.Link($"/vnflcm/v1/vnf_instances/{opOcc.VnfInstanceId}"),
                ["vnfLcmOpOcc"] = publisher.Link($"/vnflcm/v1/vnf_lcm_op_occs/{opOcc.Id}"),
            },
        };
        if (opOcc.ErrorJson is { } error && opOcc.OperationState is "FAILED_TEMP" or "FAILED" or "ROLLED_BACK")
        {
            body["error"] = JsonNode.Parse(error);
        }
        if (status == "RESULT" && opOcc.ResourceChangesJson is { } changes && JsonNode.Parse(changes)?["affectedVnfcs"] is JsonArray affected)
        {
            body["affectedVnfcs"] = affected.DeepClone();
        }
        var attributes = InstanceAttributes(instance);
        attributes["operationTypes"] = [opOcc.Operation];
        attributes["operationStates"] = [opOcc.OperationState];
        publisher.Publish(db, Api, opOcc.TenantId, OperationOccurrence, body, attributes);
    }

    /// <summary>Announces a new or deleted VNF instance id.</summary>
    public void Identifier(NfvManoDbContext db, VnfInstanceEntity instance, bool created)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var body = new JsonObject
        {
            ["vnfInstanceId"] = instance.Id.ToString(),
            ["_links"] = new JsonObject { ["vnfInstance"] = publisher.Link($"/vnflcm/v1/vnf_instances/{instance.Id}") },
        };
        publisher.Publish(db, Api, instance.TenantId, created ? IdentifierCreation : IdentifierDeletion, body, InstanceAttributes(instance));
    }

    // What a VnfInstanceSubscriptionFilter (nested or flat) and its vnfProductsFromProviders are matched against.
    private static Dictionary<string, string[]> InstanceAttributes(VnfInstanceEntity instance) => new()
    {
        ["vnfInstanceIds"] = [instance.Id.ToString()],
        ["vnfdIds"] = [instance.VnfdId],
        ["vnfInstanceNames"] = instance.Name is { } name ? [name] : [],
        ["vnfProvider"] = [instance.VnfProvider],
        ["vnfProductName"] = [instance.VnfProductName],
        ["vnfSoftwareVersion"] = [instance.VnfSoftwareVersion],
        ["vnfdVersion"] = [instance.VnfdVersion],
    };
}

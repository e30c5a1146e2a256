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
    /// The vnflcm notification API. Filters are flat lists matched against the notification (a simplification of
    /// SOL003's nested <c>LifecycleChangeNotificationsFilter</c>): <c>notificationTypes</c>, <c>operationTypes</c>,
    /// <c>operationStates</c>, <c>vnfInstanceIds</c>, <c>vnfdIds</c>.
    /// </summary>
    public static NotificationApi Api { get; } = new(
        "vnflcm",
        "/vnflcm/v1/subscriptions",
        [OperationOccurrence, IdentifierCreation, IdentifierDeletion],
        ["operationTypes", "operationStates", "vnfInstanceIds", "vnfdIds"]);

    /// <summary>Announces an operation occurrence's current state (START for STARTING, PROCESSING and ROLLING_BACK; RESULT otherwise).</summary>
    public void OperationChanged(NfvManoDbContext db, VnfLcmOpOccEntity opOcc, string vnfdId)
    {
        ArgumentNullException.ThrowIfNull(opOcc);
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
        publisher.Publish(db, Api, opOcc.TenantId, OperationOccurrence, body, new Dictionary<string, string[]>
        {
            ["operationTypes"] = [opOcc.Operation],
            ["operationStates"] = [opOcc.OperationState],
            ["vnfInstanceIds"] = [opOcc.VnfInstanceId.ToString()],
            ["vnfdIds"] = [vnfdId],
        });
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
        publisher.Publish(db, Api, instance.TenantId, created ? IdentifierCreation : IdentifierDeletion, body, new Dictionary<string, string[]>
        {
            ["vnfInstanceIds"] = [instance.Id.ToString()],
            ["vnfdIds"] = [instance.VnfdId],
        });
    }
}

using System.Text.Json.Nodes;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Persistence;
using NfvMano.Persistence.NsLcm;

namespace NfvMano.Lifecycle.NsLcm;

/// <summary>The SOL005 NS LCM notifications, written to the outbox of the caller's unit of work.</summary>
public sealed class NsLcmNotifications(NotificationPublisher publisher)
{
    /// <summary>Notification type of an operation occurrence's state change.</summary>
    public const string OperationOccurrence = "NsLcmOperationOccurrenceNotification";

    /// <summary>Notification type of a new NS instance id.</summary>
    public const string IdentifierCreation = "NsIdentifierCreationNotification";

    /// <summary>Notification type of a deleted NS instance id.</summary>
    public const string IdentifierDeletion = "NsIdentifierDeletionNotification";

    /// <summary>Notification type of a change of an NS component (a constituent VNF) an NS operation made.</summary>
    public const string Change = "NsChangeNotification";

    /// <summary>
    /// The nslcm notification API with SOL005's <c>LifecycleChangeNotificationsFilter</c>: <c>notificationTypes</c>,
    /// <c>operationTypes</c>, <c>operationStates</c>, <c>nsComponentTypes</c>, <c>lcmOpNameImpactingNsComponent</c>,
    /// <c>lcmOpOccStatusImpactingNsComponent</c>, and the NS instance by <c>nsInstanceIds</c>, <c>nsdIds</c> or
    /// <c>nsInstanceNames</c> (SOL005 nests these in <c>nsInstanceSubscriptionFilter</c>; they are accepted flat).
    /// </summary>
    public static NotificationApi Api { get; } = new(
        "nslcm",
        "/nslcm/v1/subscriptions",
        [OperationOccurrence, IdentifierCreation, IdentifierDeletion, Change],
        ["operationTypes", "operationStates", "nsInstanceIds", "nsdIds", "nsInstanceNames",
            "nsComponentTypes", "lcmOpNameImpactingNsComponent", "lcmOpOccStatusImpactingNsComponent"]);

    /// <summary>
    /// Announces that an NS operation changed a constituent VNF (SOL005 <c>NsChangeNotification</c>): which VNF,
    /// by which VNF LCM operation (<c>VNF_INSTANTIATE</c>, <c>VNF_SCALE</c>, <c>VNF_TERMINATE</c>, …) and with what
    /// outcome. Written in the step's unit of work, so it is sent exactly when the step's progress is committed.
    /// </summary>
    public void VnfChanged(NfvManoDbContext db, NsInstanceEntity instance, Guid nsLcmOpOccId, Guid vnfInstanceId, Guid? vnfLcmOpOccId, string lcmOpName, string status)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var body = new JsonObject
        {
            ["nsInstanceId"] = instance.Id.ToString(),
            ["nsComponentType"] = "VNF",
            ["nsComponentId"] = vnfInstanceId.ToString(),
            ["lcmOpOccIdImpactingNsComponent"] = vnfLcmOpOccId?.ToString(),
            ["lcmOpNameImpactingNsComponent"] = lcmOpName,
            ["lcmOpOccStatusImpactingNsComponent"] = status,
            ["_links"] = new JsonObject
            {
                ["nsInstance"] = publisher.Link($"/nslcm/v1/ns_instances/{instance.Id}"),
                ["nsLcmOpOcc"] = publisher.Link($"/nslcm/v1/ns_lcm_op_occs/{nsLcmOpOccId}"),
            },
        };
        var attributes = InstanceAttributes(instance);
        attributes["nsComponentTypes"] = ["VNF"];
        attributes["lcmOpNameImpactingNsComponent"] = [lcmOpName];
        attributes["lcmOpOccStatusImpactingNsComponent"] = [status];
        publisher.Publish(db, Api, instance.TenantId, Change, body, attributes);
    }

    /// <summary>Announces an operation occurrence's current state (START for PROCESSING and ROLLING_BACK; RESULT otherwise).</summary>
    public void OperationChanged(NfvManoDbContext db, NsLcmOpOccEntity opOcc, NsInstanceEntity instance, JsonArray? affectedVnfs = null)
    {
        ArgumentNullException.ThrowIfNull(opOcc);
        ArgumentNullException.ThrowIfNull(instance);
        var status = opOcc.OperationState is "PROCESSING" or "ROLLING_BACK" ? "START" : "RESULT";
        var body = new JsonObject
        {
            ["nsInstanceId"] = opOcc.NsInstanceId.ToString(),
            ["nsLcmOpOccId"] = opOcc.Id.ToString(),
            ["operation"] = opOcc.LcmOperationType,
            ["notificationStatus"] = status,
            ["operationState"] = opOcc.OperationState,
            ["isAutomaticInvocation"] = opOcc.IsAutomaticInvocation,
            ["_links"] = new JsonObject
            {
                ["nsInstance"] = publisher.Link($"/nslcm/v1/ns_instances/{opOcc.NsInstanceId}"),
                ["nsLcmOpOcc"] = publisher.Link($"/nslcm/v1/ns_lcm_op_occs/{opOcc.Id}"),
            },
        };
        if (opOcc.ErrorJson is { } error && opOcc.OperationState is "FAILED_TEMP" or "FAILED" or "ROLLED_BACK")
        {
            body["error"] = JsonNode.Parse(error);
        }
        if (status == "RESULT" && affectedVnfs is { Count: > 0 })
        {
            body["affectedVnf"] = affectedVnfs.DeepClone();
        }
        var attributes = InstanceAttributes(instance);
        attributes["operationTypes"] = [opOcc.LcmOperationType];
        attributes["operationStates"] = [opOcc.OperationState];
        publisher.Publish(db, Api, opOcc.TenantId, OperationOccurrence, body, attributes);
    }

    /// <summary>Announces a new or deleted NS instance id.</summary>
    public void Identifier(NfvManoDbContext db, NsInstanceEntity instance, bool created)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var body = new JsonObject
        {
            ["nsInstanceId"] = instance.Id.ToString(),
            ["_links"] = new JsonObject { ["nsInstance"] = publisher.Link($"/nslcm/v1/ns_instances/{instance.Id}") },
        };
        publisher.Publish(db, Api, instance.TenantId, created ? IdentifierCreation : IdentifierDeletion, body, InstanceAttributes(instance));
    }

    private static Dictionary<string, string[]> InstanceAttributes(NsInstanceEntity instance) => new()
    {
        ["nsInstanceIds"] = [instance.Id.ToString()],
        ["nsdIds"] = [instance.NsdId],
        ["nsInstanceNames"] = [instance.Name],
    };
}

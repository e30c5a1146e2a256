using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using NfvMano.Api.Sol003.VnfLcm;
using NfvMano.Api.Sol013;
using NfvMano.Lifecycle.NsLcm;
using NfvMano.Lifecycle.NsLcm.Vnffg;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence.NsLcm;

namespace NfvMano.Api.Sol005.NsLcm;

/// <summary>Shapes NS instances and NS operation occurrences as SOL005 resources.</summary>
internal static class NsLcmMapper
{
    public static NsInstance ToDto(HttpRequest request, Sol013Api api, NsInstanceView view, string vimConnectionId, VnfLcmOptions? vim = null)
    {
        var i = view.Instance;
        var self = $"{api.UriPrefix}/ns_instances/{i.Id}";
        var instantiated = i.NsState == NsLcmStates.Instantiated;
        var state = i.InstantiatedJson is { } json ? JsonNode.Parse(json) as JsonObject : null;
        Link? When(bool allowed, string task) => allowed ? Link.To(request, $"{self}/{task}") : null;
        return new NsInstance
        {
            Id = i.Id.ToString(),
            NsInstanceName = i.Name,
            NsInstanceDescription = i.Description,
            NsdId = i.NsdId,
            NsdInfoId = i.NsdInfoId.ToString(),
            FlavourId = i.FlavourId,
            NsState = i.NsState,
            VnfInstance = view.Vnfs.Count == 0 ? null : [.. view.Vnfs.Select(v => VnfLcmMapper.ToDto(request, VnfLcmEndpoints.V1, v.Vnf, vimConnectionId, vim) with
            {
                // SOL005 NsInstance.vnfInstance carries the VNF profile it realises in its metadata's stead.
                Metadata = WithProfile(v),
            })],
            VirtualLinkInfo = view.Flavour is null ? null : VirtualLinks(view, state, vimConnectionId),
            SapInfo = view.Flavour is null ? null : Saps(view, state),
            VnffgInfo = view.Flavour is null ? null : Vnffgs(view, state),
            NsScaleStatus = view.Flavour is null ? null : ScaleStatus(view, state),
            Links = new NsInstanceLinks
            {
                Self = Link.To(request, self),
                Instantiate = When(!instantiated, "instantiate"),
                Terminate = When(instantiated, "terminate"),
                Update = When(instantiated, "update"),
                Scale = When(instantiated, "scale"),
                Heal = When(instantiated, "heal"),
            },
        };
    }

    private static JsonObject WithProfile(NsVnfView v)
    {
        var metadata = JsonNode.Parse(v.Vnf.MetadataJson) as JsonObject ?? [];
        metadata["vnfProfileId"] = v.Member.VnfProfileId;
        return metadata;
    }

    // Each NS virtual link with its VIM network(s) and the external CPs of the VNF instances the NSD connects to it.
    private static JsonArray VirtualLinks(NsInstanceView view, JsonObject? state, string vimConnectionId)
    {
        var realised = (state?["virtualLinks"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return [.. view.Flavour!.VirtualLinks.Select(vl =>
        {
            var networks = (realised.FirstOrDefault(r => (string?)r["id"] == vl.Id)?["networks"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            return (JsonNode)new JsonObject
            {
                ["id"] = vl.Id,
                ["nsVirtualLinkDescId"] = vl.Id,
                ["nsVirtualLinkProfileId"] = vl.Id,
                ["resourceHandle"] = new JsonArray([.. networks.Select(n => (JsonNode)new JsonObject
                {
                    ["vimConnectionId"] = vimConnectionId,
                    ["resourceId"] = (string?)n["resourceId"],
                    ["vimLevelResourceType"] = "network",
                    ["vimLevelAdditionalResourceInfo"] = new JsonObject { ["hostName"] = (string?)n["host"], ["name"] = (string?)n["name"] },
                })]),
                ["linkPort"] = new JsonArray([.. view.Vnfs.SelectMany(v => (view.Flavour.VnfProfiles.FirstOrDefault(p => p.Id == v.Member.VnfProfileId)?.VirtualLinks ?? [])
                    .Where(c => c.VirtualLink == vl.Id)
                    .Select(c => (JsonNode)new JsonObject
                    {
                        ["id"] = $"{v.Vnf.Id}-{c.Requirement}",
                        ["cpInstanceId"] = c.Requirement,
                        ["cpInstanceType"] = "VNFC_CP",
                        ["metadata"] = new JsonObject { ["vnfInstanceId"] = v.Vnf.Id.ToString(), ["vnfProfileId"] = v.Member.VnfProfileId },
                    }))]),
                ["metadata"] = new JsonObject
                {
                    ["description"] = vl.Description,
                    ["layerProtocols"] = new JsonArray([.. vl.LayerProtocols.Select(p => (JsonNode)p)]),
                    ["realisedOnVim"] = networks.Count > 0,
                },
            };
        })];
    }

    private static JsonArray Saps(NsInstanceView view, JsonObject? state)
    {
        var data = (state?["sapData"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var removed = (state?["removedSaps"] as JsonArray ?? []).Select(n => (string?)n).ToHashSet(StringComparer.Ordinal);
        return [.. view.Flavour!.Saps.Where(sap => !removed.Contains(sap.Id)).Select(sap =>
        {
            var given = data.FirstOrDefault(d => (string?)d["sapdId"] == sap.Id);
            return (JsonNode)new JsonObject
            {
                ["id"] = sap.Id,
                ["sapdId"] = sap.Id,
                ["sapName"] = (string?)given?["sapName"] ?? sap.Id,
                ["description"] = (string?)given?["description"] ?? "",
                ["sapProtocolInfo"] = new JsonArray([.. sap.LayerProtocols.Select(p => (JsonNode)new JsonObject { ["layerProtocol"] = p })]),
                ["metadata"] = new JsonObject { ["nsVirtualLinkId"] = sap.InternalVirtualLink ?? sap.ExternalVirtualLink },
            };
        })];
    }

    // VNFFGs from the NSD with the VNF instances and links they take in (steered on Open vSwitch where the host adds that).
    private static JsonArray Vnffgs(NsInstanceView view, JsonObject? state) =>
        [.. VnffgState.Effective(view.Flavour!, state?[VnffgState.Key] as JsonObject).Vnffgs.Select(g => (JsonNode)new JsonObject
        {
            ["id"] = g.Id,
            ["vnffgdId"] = g.Id,
            ["vnfInstanceId"] = new JsonArray([.. view.Vnfs.Where(v => g.ConstituentVnfs.Contains(v.Member.VnfProfileId)).Select(v => (JsonNode)v.Vnf.Id.ToString())]),
            ["nsVirtualLinkInfoId"] = new JsonArray([.. g.Members.Where(m => view.Flavour!.VirtualLinks.Any(vl => vl.Id == m)).Select(m => (JsonNode)m)]),
            ["nsCpHandle"] = new JsonArray([.. g.ConnectionPoints.Select(cp => (JsonNode)new JsonObject { ["nsSapInstanceId"] = cp })]),
            ["nfpInfo"] = new JsonArray([.. g.Nfps.Select(nfp => (JsonNode)new JsonObject
            {
                ["id"] = nfp.Id,
                ["nfpdId"] = nfp.Id,
                ["nfpState"] = "ENABLED",
                ["nfpRule"] = nfp.Rules.Count == 0 ? null : NfpRule(nfp.Rules[0]),
                // The path the steering realised (SAPs and the VNFC ports of each hop), when the VIM steers VNFFGs.
                ["metadata"] = state?[VnffgPaths.Key]?[g.Id]?[nfp.Id] is JsonObject path ? new JsonObject { ["realisedPath"] = path.DeepClone() } : null,
                ["nscpHandle"] = new JsonArray([.. nfp.Positions.SelectMany(p => p.Elements).SelectMany(e => e.ConnectionPoints)
                    .SelectMany(cp => view.Vnfs.Where(v => v.Member.VnfProfileId == cp.Node).Select(v => (JsonNode)new JsonObject
                    {
                        ["vnfInstanceId"] = v.Vnf.Id.ToString(),
                        ["vnfExtCpInstanceId"] = cp.ConnectionPoint,
                    }))]),
            })]),
        })];

    // SOL005 NfpRule of the classifier in force (the NSD's, or the one UPDATE_VNFFG gave).
    private static JsonObject NfpRule(Descriptors.Nsd.NfpRule rule)
    {
        static JsonObject? Range(Descriptors.Nsd.PortRange? r) => r is null ? null : new JsonObject { ["lowerPort"] = r.Lower, ["upperPort"] = r.Upper };
        var json = new JsonObject
        {
            ["etherType"] = rule.EtherType,
            ["protocol"] = rule.Protocol,
            ["dscp"] = rule.Dscp,
            ["sourcePortRange"] = Range(rule.SourcePortRange),
            ["destinationPortRange"] = Range(rule.DestinationPortRange),
            ["sourceIpAddressPrefix"] = rule.SourceIpAddressPrefix,
            ["destinationIpAddressPrefix"] = rule.DestinationIpAddressPrefix,
        };
        foreach (var key in json.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            json.Remove(key);
        }
        return json;
    }

    private static JsonArray ScaleStatus(NsInstanceView view, JsonObject? state) =>
        [.. view.Flavour!.ScalingAspects.Select(a =>
        {
            var level = (int?)state?["scaleLevels"]?[a.Id] ?? 0;
            return (JsonNode)new JsonObject
            {
                ["nsScalingAspectId"] = a.Id,
                ["nsScaleLevelId"] = level < a.Levels.Count ? a.Levels[level] : level.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        })];

    public static NsLcmOpOcc ToDto(HttpRequest request, Sol013Api api, NsLcmOpOccEntity o, bool cancelPending)
    {
        var self = $"{api.UriPrefix}/ns_lcm_op_occs/{o.Id}";
        var failedTemp = o.OperationState == "FAILED_TEMP";
        var running = o.OperationState is "PROCESSING" or "ROLLING_BACK";
        Link? When(bool allowed, string task) => allowed ? Link.To(request, $"{self}/{task}") : null;
        return new NsLcmOpOcc
        {
            Id = o.Id.ToString(),
            OperationState = o.OperationState,
            StateEnteredTime = o.StateEnteredTime,
            NsInstanceId = o.NsInstanceId.ToString(),
            LcmOperationType = o.LcmOperationType,
            StartTime = o.StartTime,
            IsAutomaticInvocation = o.IsAutomaticInvocation,
            OperationParams = JsonNode.Parse(o.OperationParamsJson) as JsonObject,
            IsCancelPending = cancelPending,
            Error = o.ErrorJson is { } e ? JsonNode.Parse(e) as JsonObject : null,
            ResourceChanges = o.ResourceChangesJson is { } r ? JsonNode.Parse(r) as JsonObject : null,
            Links = new NsLcmOpOccLinks
            {
                Self = Link.To(request, self),
                NsInstance = Link.To(request, $"{api.UriPrefix}/ns_instances/{o.NsInstanceId}"),
                Retry = When(failedTemp, "retry"),
                Rollback = When(failedTemp, "rollback"),
                Continue = When(failedTemp, "continue"),
                Fail = When(failedTemp, "fail"),
                Cancel = When(running, "cancel"),
            },
        };
    }
}

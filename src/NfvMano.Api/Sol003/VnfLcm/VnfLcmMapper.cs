using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using NfvMano.Api.Sol005;
using NfvMano.Api.Sol013;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence.VnfLcm;

namespace NfvMano.Api.Sol003.VnfLcm;

/// <summary>Shapes VNF instances and operation occurrences as SOL003 resources of one API version.</summary>
internal static class VnfLcmMapper
{
    public static VnfInstance ToDto(HttpRequest request, Sol013Api api, VnfInstanceEntity i, string vimConnectionId, VnfLcmOptions? vim = null)
    {
        var self = $"{api.UriPrefix}/vnf_instances/{i.Id}";
        var instantiated = i.InstantiationState == VnfLcmStates.Instantiated;
        var state = InstantiatedVnf.Parse(i.InstantiatedJson);
        JsonNode? vims = null;
        if (instantiated)
        {
            vims = api.Major >= 2
                ? new JsonObject { [vimConnectionId] = new JsonObject { ["vimId"] = vimConnectionId, ["vimType"] = (vim ?? new VnfLcmOptions()).VimType } }
                : new JsonArray(new JsonObject { ["id"] = vimConnectionId, ["vimType"] = (vim ?? new VnfLcmOptions()).VimType });
        }
        Link? When(bool allowed, string task) => allowed ? Link.To(request, $"{self}/{task}") : null;
        return new VnfInstance
        {
            Id = i.Id.ToString(),
            VnfInstanceName = i.Name,
            VnfInstanceDescription = i.Description,
            VnfdId = i.VnfdId,
            VnfProvider = i.VnfProvider,
            VnfProductName = i.VnfProductName,
            VnfSoftwareVersion = i.VnfSoftwareVersion,
            VnfdVersion = i.VnfdVersion,
            VnfPkgId = api.Major >= 2 ? null : i.VnfPkgId.ToString(),
            VimConnectionInfo = vims,
            InstantiationState = i.InstantiationState,
            InstantiatedVnfInfo = state is null ? null : ToDto(state, vimConnectionId, vim ?? new VnfLcmOptions()),
            Metadata = JsonNode.Parse(i.MetadataJson) as JsonObject ?? [],
            Extensions = JsonNode.Parse(i.ExtensionsJson) as JsonObject ?? [],
            Links = new VnfInstanceLinks
            {
                Self = Link.To(request, self),
                Instantiate = When(!instantiated, "instantiate"),
                Terminate = When(instantiated, "terminate"),
                Scale = When(instantiated, "scale"),
                ScaleToLevel = When(instantiated, "scale_to_level"),
                Heal = When(instantiated, "heal"),
                Operate = When(instantiated, "operate"),
                ChangeFlavour = When(instantiated, "change_flavour"),
                ChangeExtConn = When(instantiated, "change_ext_conn"),
            },
        };
    }

    // SOL003 VnfExtCpInfo; the link it is on is named in metadata, as the VNFM made no port of its own for it.
    private static JsonObject ExtCpInfo(ExtVirtualLinkRecord link, ExtCpRecord cp)
    {
        var info = new JsonObject
        {
            ["id"] = cp.Id,
            ["cpdId"] = cp.CpdId,
            ["cpProtocolInfo"] = cp.CpProtocolDataJson is { } data && JsonNode.Parse(data) is JsonArray protocols
                ? new JsonArray([.. protocols.Select(p => (JsonNode?)new JsonObject { ["layerProtocol"] = p?["layerProtocol"]?.DeepClone() })])
                : new JsonArray(),
            ["metadata"] = new JsonObject { ["extVirtualLinkId"] = link.Id, ["resourceId"] = link.ResourceId },
        };
        if (cp.CpConfigId is { } config)
        {
            info["cpConfigId"] = config;
        }
        if (cp.LinkPortId is { } port)
        {
            info["extLinkPortId"] = port;
        }
        return info;
    }

    private static InstantiatedVnfInfo ToDto(InstantiatedVnf state, string vim, VnfLcmOptions types) => new()
    {
        FlavourId = state.FlavourId,
        VnfState = state.VnfState,
        InstantiationLevelId = state.InstantiationLevelId,
        ExtCpInfo = [.. (state.ExtVirtualLinks ?? []).SelectMany(l => l.ExtCps.Select(cp => ExtCpInfo(l, cp)))],
        ScaleStatus = [.. state.ScaleLevels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new ScaleInfo(l.Key, l.Value))],
        VnfcResourceInfo = [.. state.Vnfcs.Select(v => new VnfcResourceInfo
        {
            Id = v.Id,
            VduId = v.VduId,
            ComputeResource = new ResourceHandle(vim, v.Host, v.ServerId, types.ComputeResourceType),
            StorageResourceIds = [.. v.Volumes.Keys.Order(StringComparer.Ordinal).Select(s => $"{v.Id}-{s}")],
            VnfcCpInfo = [.. v.Ports.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new JsonObject
            {
                ["id"] = $"{v.Id}-{p.Key}",
                ["cpdId"] = p.Key,
                ["metadata"] = new JsonObject { [p.Value.Contains(':', StringComparison.Ordinal) ? "pciAddress" : "network"] = p.Value },
            })],
            Metadata = Placement(v),
            ZoneId = v.ZoneId,
        })],
        VnfVirtualLinkResourceInfo = [.. state.Networks.Select(n => new VnfVirtualLinkResourceInfo(
            $"{n.VirtualLinkId}@{n.Host}", n.VirtualLinkId, new ResourceHandle(vim, n.Host, n.ResourceId, types.NetworkResourceType),
            n.Subnets is { Count: > 0 } subnets ? new JsonObject { ["subnets"] = Subnets(subnets) } : null))],
        VirtualStorageResourceInfo = [.. state.Vnfcs.SelectMany(v => v.Volumes.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s =>
            new VirtualStorageResourceInfo($"{v.Id}-{s.Key}", s.Key, new ResourceHandle(vim, v.Host, s.Value, types.StorageResourceType))))],
    };

    // SOL003 has no subnet in VnfVirtualLinkResourceInfo: the VIM's subnets of the link go in its metadata.
    private static JsonArray Subnets(IReadOnlyList<SubnetRecord> subnets) => [.. subnets.Select(s => (JsonNode)new JsonObject
    {
        ["resourceId"] = s.ResourceId,
        ["cidr"] = s.Cidr,
        ["ipVersion"] = s.IpVersion == 6 ? "IPV6" : "IPV4",
        ["gatewayIp"] = s.GatewayIp,
        ["dhcpEnabled"] = s.DhcpEnabled,
    })];

    // Where the placement engine put the VNFC: what an operator checks against the host's topology.
    private static JsonObject Placement(VnfcRecord v)
    {
        var a = v.Assignment;
        return new JsonObject
        {
            ["host"] = a.Host,
            ["serverName"] = v.ServerName,
            ["numaCells"] = new JsonArray([.. a.Cells.Select(c => (JsonNode)new JsonObject
            {
                ["guestCell"] = c.GuestCell,
                ["hostCell"] = c.HostCell,
                ["pinnedCpus"] = new JsonArray([.. c.PinnedCpus.Select(p => (JsonNode)p)]),
                ["sharedVcpus"] = c.SharedVcpus,
                ["memoryMiB"] = c.MemoryMiB,
                ["pageSizeKiB"] = c.PageSizeKiB,
            })]),
            ["pinnedCpus"] = new JsonArray([.. a.Cells.SelectMany(c => c.PinnedCpus).Select(p => (JsonNode)p)]),
            ["pageSizeKiB"] = a.Cells.Select(c => c.PageSizeKiB).FirstOrDefault(),
            ["vfs"] = new JsonArray([.. a.Vfs.Select(f => (JsonNode)new JsonObject
            {
                ["physicalNetwork"] = f.Physnet,
                ["pciAddress"] = f.Identity,
                ["hostCell"] = f.HostCell,
            })]),
        };
    }

    public static VnfLcmOpOcc ToDto(HttpRequest request, Sol013Api api, VnfLcmOpOccEntity o, bool cancelPending)
    {
        var self = $"{api.UriPrefix}/vnf_lcm_op_occs/{o.Id}";
        var failedTemp = o.OperationState == "FAILED_TEMP";
        var running = o.OperationState is "STARTING" or "PROCESSING" or "ROLLING_BACK";
        Link? When(bool allowed, string task) => allowed ? Link.To(request, $"{self}/{task}") : null;
        return new VnfLcmOpOcc
        {
            Id = o.Id.ToString(),
            OperationState = o.OperationState,
            StateEnteredTime = o.StateEnteredTime,
            StartTime = o.StartTime,
            VnfInstanceId = o.VnfInstanceId.ToString(),
            GrantId = o.GrantId?.ToString(),
            Operation = o.Operation,
            IsAutomaticInvocation = o.IsAutomaticInvocation,
            OperationParams = JsonNode.Parse(o.OperationParamsJson) as JsonObject,
            IsCancelPending = cancelPending,
            Error = o.ErrorJson is { } e ? JsonNode.Parse(e) as JsonObject : null,
            ResourceChanges = o.ResourceChangesJson is { } r ? JsonNode.Parse(r) as JsonObject : null,
            Links = new VnfLcmOpOccLinks
            {
                Self = Link.To(request, self),
                VnfInstance = Link.To(request, $"{api.UriPrefix}/vnf_instances/{o.VnfInstanceId}"),
                Retry = When(failedTemp, "retry"),
                Rollback = When(failedTemp, "rollback"),
                Fail = When(failedTemp, "fail"),
                Cancel = When(running, "cancel"),
                Grant = o.GrantId is { } grant ? Link.To(request, $"/grant/v1/grants/{grant}") : null,
            },
        };
    }
}

using System.Security.Cryptography;
using System.Text;
using NfvMano.Descriptors.Vnfd;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>One VNFC port on an external virtual link.</summary>
/// <param name="Cp">The VDU connection point.</param>
/// <param name="Network">The VIM network of the external virtual link (its <c>resourceId</c>).</param>
/// <param name="Mac">The port's MAC address: derived from the instance, VNFC and CP, so a re-created or re-plugged
/// port keeps it and a crashed step can find the port it may have plugged.</param>
public sealed record ExternalPort(string Cp, string Network, string Mac);

/// <summary>
/// Which of a VNFC's ports the NFVO's external virtual links connect: the VDU's CPs that an external CP names and that
/// are ordinary (virtio) ports, neither on an internal virtual link nor SR-IOV. An SR-IOV CP has its VF from
/// placement and a CP behind an internal virtual link reaches the outside through that link; their external links are
/// recorded, not plugged.
/// </summary>
public static class ExternalPorts
{
    /// <summary>The VDU CPs an external link can plug a port for.</summary>
    public static IReadOnlyList<VduConnectionPoint> Pluggable(DeploymentFlavour flavour, Vdu vdu)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        ArgumentNullException.ThrowIfNull(vdu);
        var sriov = vdu.Requirements.SriovPorts.Select(p => p.ConnectionPoint).ToHashSet(StringComparer.Ordinal);
        return [.. flavour.ConnectionPoints
            .Where(cp => cp.Vdu == vdu.Id && cp.VirtualLink is null && !sriov.Contains(cp.Id))
            .OrderBy(cp => cp.Order ?? int.MaxValue).ThenBy(cp => cp.Id, StringComparer.Ordinal)];
    }

    /// <summary>True when some VDU of the flavour has the CP as a pluggable port.</summary>
    public static bool IsPluggable(DeploymentFlavour flavour, string cpdId)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        return flavour.Vdus.Any(v => Pluggable(flavour, v).Any(cp => cp.Id == cpdId));
    }

    /// <summary>The external ports a VNFC of the VDU has under the given external virtual links.</summary>
    public static IReadOnlyList<ExternalPort> Of(Guid instanceId, string vnfcId, DeploymentFlavour flavour, Vdu vdu, IReadOnlyList<ExtVirtualLinkRecord>? links)
    {
        var result = new List<ExternalPort>();
        foreach (var cp in Pluggable(flavour, vdu))
        {
            var link = links?.FirstOrDefault(l => l.ResourceId is not null && l.ExtCps.Any(x => x.CpdId == cp.Id));
            if (link is not null)
            {
                result.Add(new ExternalPort(cp.Id, link.ResourceId!, Mac(instanceId, vnfcId, cp.Id)));
            }
        }
        return result;
    }

    /// <summary>A locally administered-looking QEMU MAC (52:54:00 prefix) derived from the port's identity.</summary>
    public static string Mac(Guid instanceId, string vnfcId, string cp)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{instanceId:N}/{vnfcId}/{cp}"));
        return $"52:54:00:{hash[0]:x2}:{hash[1]:x2}:{hash[2]:x2}";
    }
}

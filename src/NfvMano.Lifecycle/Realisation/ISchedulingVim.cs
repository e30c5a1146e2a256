using System.Collections.Immutable;
using NfvMano.Descriptors.Epa;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Requests;
using NfvMano.Vim;

namespace NfvMano.Lifecycle.Realisation;

/// <summary>
/// A VIM whose own scheduler places servers (OpenStack's Nova), registered beside its <see cref="IVimDriver"/>.
/// With one, the VNFM does not ask the placement engine where a VNFC goes: it states the VDU's requirements as the
/// VIM understands them (a flavor, an image, ports), lets the VIM choose, and records what the VIM really did
/// (see docs/adr/0005-nova-places-on-openstack.md).
/// </summary>
public interface ISchedulingVim
{
    /// <summary>
    /// The host name a grant records before the VIM has placed a VNFC, and the host of every network: one
    /// scheduling domain (a region) whose networks all its compute hosts reach.
    /// </summary>
    string Domain { get; }

    /// <summary>
    /// The flavor the operator mapped the VDU to, else finds or creates the flavor that states exactly its requirements.
    /// </summary>
    /// <param name="vduId">The VDU (the key of an operator's mapping).</param>
    /// <param name="requirements">The VDU's normalised requirements.</param>
    /// <param name="rootDiskGiB">The root disk size (the image's minimum disk), 0 for the VIM's default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<SchedulingFlavor> EnsureFlavorAsync(string vduId, VduRequirements requirements, int rootDiskGiB, CancellationToken cancellationToken);

    /// <summary>Uploads a software image (or finds the identical one of that name), checking it against the package's digest.</summary>
    /// <param name="name">The image's name in the VIM (unique per package and image).</param>
    /// <param name="content">The image's bytes from the package.</param>
    /// <param name="diskFormat">The disk format (<c>qcow2</c>, <c>raw</c>).</param>
    /// <param name="sha256">The SHA-256 the package states, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image's name to boot from.</returns>
    Task<string> EnsureImageAsync(string name, byte[] content, string diskFormat, string? sha256, CancellationToken cancellationToken);

    /// <summary>Deletes images whose names start with <paramref name="namePrefix"/>; succeeds when there are none.</summary>
    Task DeleteImagesAsync(string namePrefix, CancellationToken cancellationToken);

    /// <summary>Deletes the server groups whose names start with <paramref name="namePrefix"/>; succeeds when there are none.</summary>
    Task DeleteServerGroupsAsync(string namePrefix, CancellationToken cancellationToken);

    /// <summary>
    /// Finds or creates the security group of that name holding (at least) these descriptor rules; ingress not named
    /// by a rule is refused, egress allowed.
    /// </summary>
    /// <param name="name">The group's name (deterministic: instance and connection point).</param>
    /// <param name="rules">The descriptor's <c>SecurityGroupRule</c> policies that target the connection point.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The VIM's id of the group, to put on a port.</returns>
    Task<string> EnsureSecurityGroupAsync(string name, IReadOnlyList<Descriptors.Vnfd.SecurityGroupRule> rules, CancellationToken cancellationToken);

    /// <summary>Deletes the security groups whose names start with <paramref name="namePrefix"/>; succeeds when there are none.</summary>
    Task DeleteSecurityGroupsAsync(string namePrefix, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the provider networks the VIM made for SR-IOV ports on these physical networks when no server has a
    /// port on them any more; succeeds when they are gone or still in use.
    /// </summary>
    Task DeleteUnusedProviderNetworksAsync(IReadOnlyList<string> physicalNetworks, CancellationToken cancellationToken);

    /// <summary>
    /// Reads where the VIM really put a server and writes it down as an assignment: the compute host, host NUMA cell
    /// and pinned host CPUs per guest cell, page size, and the VF of every SR-IOV port.
    /// </summary>
    /// <param name="requestId">The placement request id the assignment answers.</param>
    /// <param name="server">The server.</param>
    /// <param name="groups">The server groups the grant named.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Assignment> ReadPlacementAsync(string requestId, VimResourceRef server, ImmutableArray<ServerGroup> groups, CancellationToken cancellationToken);

    /// <summary>When <paramref name="exception"/> says the VIM's scheduler found no host: the VIM's reason; otherwise null.</summary>
    string? NoValidHost(Exception exception);
}

/// <summary>A flavor of a scheduling VIM.</summary>
/// <param name="Id">The VIM's id of the flavor.</param>
/// <param name="Description">Its size and extra specs, for explanations.</param>
public sealed record SchedulingFlavor(string Id, string Description);

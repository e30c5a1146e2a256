using System.ComponentModel.DataAnnotations;

namespace NfvMano.Vim.Libvirt;

/// <summary>The libvirt VIM: a set of hosts, each reached by its own URI.</summary>
public sealed class LibvirtVimOptions
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "NfvMano:Vim:Libvirt";

    /// <summary>The hosts of this VIM.</summary>
    [Required]
    [MinLength(1)]
    public List<LibvirtHostOptions> Hosts { get; init; } = [];

    /// <summary>
    /// Prefix of every libvirt object name this MANO creates; it separates ours from the rest of the
    /// host for networks and volumes, which carry no metadata in libvirt.
    /// </summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{0,15}$", ErrorMessage = "NamePrefix must be lower-case letters, digits and dashes, 1-16 characters.")]
    public string NamePrefix { get; init; } = "nfv-";

    /// <summary>How often a graceful stop polls the domain state.</summary>
    public TimeSpan StopPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>One libvirt host.</summary>
public sealed class LibvirtHostOptions
{
    /// <summary>Identifier placement and the lifecycle use for the host.</summary>
    [Required]
    public string Id { get; init; } = "";

    /// <summary>libvirt URI: <c>qemu:///system</c>, <c>qemu+ssh://host/system</c>, <c>test:///path/node.xml</c>.</summary>
    [Required]
    public string Uri { get; init; } = "";

    /// <summary>Domain type: <c>kvm</c> in production, <c>qemu</c> where KVM is absent, <c>test</c> for the test driver.</summary>
    [Required]
    [RegularExpression("^(kvm|qemu|test)$", ErrorMessage = "DomainType must be kvm, qemu or test.")]
    public string DomainType { get; init; } = "kvm";

    /// <summary>Emulated machine type written into the domain (<c>pc</c>, <c>q35</c>).</summary>
    [Required]
    public string Machine { get; init; } = "pc";

    /// <summary>
    /// A capabilities XML file describing the host, used instead of what the driver reports (the test
    /// driver cannot report NUMA cells, siblings or hugepages).
    /// </summary>
    public string? CapabilitiesFile { get; init; }

    /// <summary>Physical network of each SR-IOV PF, keyed by PF PCI address (<c>0000:3b:00.0</c>) or netdev name.</summary>
    public Dictionary<string, string> PhysicalNetworks { get; init; } = [];

    /// <summary>Provider bridge (Open vSwitch) of each physical network, for VLAN networks.</summary>
    public Dictionary<string, string> ProviderBridges { get; init; } = [];

    /// <summary>
    /// When set, every network without a physical network (the NS and VNF virtual links) is a port group of this Open
    /// vSwitch bridge instead of an isolated Linux bridge: libvirtd plugs each guest NIC into it with
    /// <c>&lt;virtualport type='openvswitch'/&gt;</c> (recording the NIC's MAC as <c>external_ids:attached-mac</c>), so
    /// VNF forwarding graphs can steer traffic between the VNFs as OpenFlow rules. The networks then share the bridge's
    /// L2 segment unless they carry a VLAN id, which becomes the ports' access tag. The bridge must exist (it is the
    /// forwarding-graph bridge, <c>NfvMano:Vim:Ovs:Bridge</c>) and libvirtd's <c>ovs-vsctl</c> must reach its database.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$", ErrorMessage = "OvsBridge must be 1-15 letters, digits, '_', '.' or '-' (a Linux interface name).")]
    public string? OvsBridge { get; init; }

    /// <summary>The storage pool volumes are created in.</summary>
    [Required]
    public string StoragePool { get; init; } = "default";

    /// <summary>When set and the pool is missing, a directory pool is defined there.</summary>
    public string? StoragePoolPath { get; init; }

    /// <summary>Directory of the base-image pool; when null images go into <see cref="StoragePool"/>.</summary>
    public string? BaseImageDirectory { get; init; }

    /// <summary>How SR-IOV VFs are attached.</summary>
    public SriovAttachment SriovAttachment { get; init; } = SriovAttachment.HostdevInterface;
}

/// <summary>How SR-IOV VFs reach a guest.</summary>
public enum SriovAttachment
{
    /// <summary><c>interface type='hostdev'</c> naming the exact VF chosen by placement.</summary>
    HostdevInterface,

    /// <summary>
    /// <c>interface type='network'</c> on a hostdev network per physical network; libvirt then picks a free
    /// VF of that network itself, so only use it where the VFs of a physical network are interchangeable.
    /// </summary>
    HostdevNetwork,
}

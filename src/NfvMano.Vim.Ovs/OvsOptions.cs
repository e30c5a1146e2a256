using System.ComponentModel.DataAnnotations;

namespace NfvMano.Vim.Ovs;

/// <summary>Where the Open vSwitch daemons are and which bridge carries the VNF ports of forwarding graphs.</summary>
public sealed class OvsOptions
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "NfvMano:Vim:Ovs";

    /// <summary>
    /// The OVSDB server, as <c>ovs-vsctl --db</c> takes it (<c>unix:/run/openvswitch/db.sock</c>, <c>tcp:10.0.0.1:6640</c>).
    /// Null uses the tools' default (the system socket).
    /// </summary>
    public string? Database { get; init; }

    /// <summary>
    /// The control socket of <c>ovs-vswitchd</c> (<c>…/ovs-vswitchd.PID.ctl</c>). Its directory is also where the
    /// bridges' OpenFlow management sockets (<c>BRIDGE.mgmt</c>) are. Null uses the tools' default run directory.
    /// </summary>
    public string? VswitchdControl { get; init; }

    /// <summary>The bridge VNF ports and SAPs are attached to (libvirt's <c>&lt;source bridge=…/&gt;</c>).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$", ErrorMessage = "Bridge must be 1-15 letters, digits, '_', '.' or '-' (a Linux interface name).")]
    public string Bridge { get; set; } = "br-nfv";

    /// <summary>Directory of <c>ovs-vsctl</c>, <c>ovs-ofctl</c> and <c>ovs-appctl</c>; null finds them on <c>PATH</c>.</summary>
    public string? ToolsDirectory { get; init; }

    /// <summary>How long one command may run before it is killed and reported.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "CommandTimeout must be between 1 s and 10 min.")]
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

using System.ComponentModel.DataAnnotations;

namespace NfvMano.Vim.OpenStack;

/// <summary>One OpenStack VIM: a Keystone v3 endpoint, the credentials and the region NfvMano works in.</summary>
public sealed class OpenStackVimOptions
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "NfvMano:Vim:OpenStack";

    /// <summary>The Keystone v3 URL (<c>https://keystone.example:5000/v3</c>).</summary>
    [Required]
    [Url]
    public string AuthUrl { get; set; } = "";

    /// <summary>The region whose endpoints are used.</summary>
    [Required]
    public string Region { get; set; } = "RegionOne";

    /// <summary>The catalog interface: <c>public</c>, <c>internal</c> or <c>admin</c>.</summary>
    [Required]
    [RegularExpression("^(public|internal|admin)$", ErrorMessage = "Interface must be public, internal or admin.")]
    public string Interface { get; set; } = "public";

    /// <summary>User name for password authentication.</summary>
    public string? Username { get; set; }

    /// <summary>Password for password authentication.</summary>
    public string? Password { get; set; }

    /// <summary>The user's domain.</summary>
    public string UserDomainName { get; set; } = "Default";

    /// <summary>The project to scope to (password authentication).</summary>
    public string? ProjectName { get; set; }

    /// <summary>The project's domain.</summary>
    public string ProjectDomainName { get; set; } = "Default";

    /// <summary>Application credential id (instead of user name and password).</summary>
    public string? ApplicationCredentialId { get; set; }

    /// <summary>Application credential secret.</summary>
    public string? ApplicationCredentialSecret { get; set; }

    /// <summary>A token is renewed when it expires within this margin.</summary>
    public TimeSpan TokenRenewBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts of an idempotent request on connection errors and 5xx answers (1 = no retry).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Consecutive failed requests (no answer or 5xx) to one service that open its circuit.</summary>
    [Range(1, 1000)]
    public int CircuitBreakerThreshold { get; set; } = 5;

    /// <summary>How long an open circuit refuses calls before one is let through to probe the service.</summary>
    public TimeSpan CircuitBreakerBreak { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a server may take to become ACTIVE (or SHUTOFF, or gone).</summary>
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often server status is polled.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Prefix of the names of everything NfvMano creates (flavors carry their own).</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{0,15}$", ErrorMessage = "NamePrefix must be lower-case letters, digits and dashes, 1-16 characters.")]
    public string NamePrefix { get; set; } = "nfv-";

    /// <summary>Network type of a virtual link without a physical network: <c>vxlan</c>, <c>geneve</c> or <c>vlan</c>; null for the cloud's default.</summary>
    public string? TenantNetworkType { get; set; }

    /// <summary>Network type of a virtual link on a physical network without VLAN: <c>flat</c> by default.</summary>
    public string UntaggedProviderNetworkType { get; set; } = "flat";

    /// <summary>
    /// Subnet given to every network this adapter creates (DHCP off): Nova refuses ports without a fixed IP.
    /// Neutron allows the same range on every network; null creates no subnet.
    /// </summary>
    public string? VirtualLinkCidr { get; set; } = "192.168.240.0/24";

    /// <summary>
    /// Operator's flavors by VDU id (<c>NfvMano:Vim:OpenStack:Flavors:dataplane = m1.dataplane</c>, a flavor id or name):
    /// a VDU listed here boots with that flavor as it is, instead of one translated from its requirements.
    /// </summary>
    public Dictionary<string, string> Flavors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Highest Nova microversion NfvMano asks for; the negotiated one is the lower of this and the cloud's.</summary>
    public string MaxComputeMicroversion { get; set; } = "2.93";
}

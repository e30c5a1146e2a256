namespace NfvMano.Vim.Networks;

/// <summary>A network realising a virtual link on one host.</summary>
/// <param name="HostId">The host.</param>
/// <param name="Name">The network name, unique on the host.</param>
/// <param name="PhysicalNetwork">Null for an isolated host-local network; otherwise the provider network to attach to.</param>
/// <param name="VlanId">The VLAN on the provider network; only with <paramref name="PhysicalNetwork"/>.</param>
public sealed record NetworkSpec(string HostId, string Name, string? PhysicalNetwork = null, int? VlanId = null);

/// <summary>A network as the VIM has it.</summary>
/// <param name="Ref">Where it is.</param>
/// <param name="Id">The VIM's own identifier.</param>
/// <param name="Active">Whether it is running.</param>
public sealed record VimNetwork(VimResourceRef Ref, string Id, bool Active);

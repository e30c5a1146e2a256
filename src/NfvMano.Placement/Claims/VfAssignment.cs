namespace NfvMano.Placement.Claims;

/// <summary>One SR-IOV VF given to a guest.</summary>
/// <param name="Physnet">Its physical network.</param>
/// <param name="HostCell">Id of the host cell the VF's PF is attached to.</param>
/// <param name="Slot">Index of the VF among the cell's VFs on that physnet (pools in inventory order).</param>
/// <param name="Identity">The VF's concrete identity (PCI address) when the inventory knows it; otherwise null.</param>
public sealed record VfAssignment(string Physnet, int HostCell, int Slot, string? Identity);

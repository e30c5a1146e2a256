namespace NfvMano.Placement.Requests;

/// <summary>VFs wanted on one physical network (one <c>vnic_type=direct</c> port per VF).</summary>
/// <param name="Physnet">The physical network.</param>
/// <param name="Count">How many VFs.</param>
public sealed record SrIovPortRequest(string Physnet, int Count);

namespace NfvMano.Placement.Requests;

/// <summary>A server group a request belongs to.</summary>
/// <param name="Name">Group name; every request naming it must give the same policy and scope.</param>
/// <param name="Policy">Affinity or anti-affinity.</param>
/// <param name="Scope">Host (Nova's server groups) or zone.</param>
/// <param name="Member">
/// Who the request joins the group as, when the group's members are larger than one guest (an NS rule between VNFs:
/// the VNF instance). Requests of one member count as one: anti-affinity keeps different members apart and lets a
/// member's own guests share a host. Null: each request is a member of its own.
/// </param>
public sealed record ServerGroup(string Name, GroupPolicy Policy, GroupScope Scope = GroupScope.Host, string? Member = null);

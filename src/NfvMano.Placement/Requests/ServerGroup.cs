namespace NfvMano.Placement.Requests;

/// <summary>A server group a request belongs to.</summary>
/// <param name="Name">Group name; every request naming it must give the same policy and scope.</param>
/// <param name="Policy">Affinity or anti-affinity.</param>
/// <param name="Scope">Host (Nova's server groups) or zone.</param>
public sealed record ServerGroup(string Name, GroupPolicy Policy, GroupScope Scope = GroupScope.Host);

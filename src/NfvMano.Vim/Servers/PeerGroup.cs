namespace NfvMano.Vim.Servers;

/// <summary>
/// A placement rule between sets of servers rather than single servers: an NS's affinity or anti-affinity rule between
/// its VNFs, whose members are VNF instances. A server of one member must share the host (or zone) with the servers of
/// the group's other members (affinity), or stay off theirs (anti-affinity); servers of its own member do not count.
/// </summary>
/// <param name="Name">The group's name, the same for every member.</param>
/// <param name="Affinity">True for affinity, false for anti-affinity.</param>
/// <param name="HostScope">True when the rule is about hosts, false when about availability zones.</param>
/// <param name="Member">The member this server belongs to (a VNF instance id).</param>
public sealed record PeerGroup(string Name, bool Affinity, bool HostScope, string Member);

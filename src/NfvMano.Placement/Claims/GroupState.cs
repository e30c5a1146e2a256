using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Claims;

/// <summary>Live members of one server group, by host index and zone id; its own monitor guards it.</summary>
internal sealed class GroupState(ServerGroup group)
{
    // Guests per host (zone) of each named member, so a member's own guests do not exclude each other.
    private readonly Dictionary<(string Member, int Host), int> _memberHosts = [];
    private readonly Dictionary<(string Member, int Zone), int> _memberZones = [];

    public ServerGroup Group { get; } = group;

    public Dictionary<int, int> Hosts { get; } = [];

    public Dictionary<int, int> Zones { get; } = [];

    public bool Allows(HostState host, string? member)
    {
        var (members, key, own) = Group.Scope == GroupScope.Host ? (Hosts, host.Index, _memberHosts) : (Zones, host.ZoneId, _memberZones);
        if (Group.Policy == GroupPolicy.AntiAffinity)
        {
            var others = members.GetValueOrDefault(key) - (member is null ? 0 : own.GetValueOrDefault((member, key)));
            return others == 0;
        }

        return members.Count == 0 || (members.Count == 1 && members.ContainsKey(key));
    }

    public void Add(HostState host, string? member)
    {
        Hosts[host.Index] = Hosts.GetValueOrDefault(host.Index) + 1;
        Zones[host.ZoneId] = Zones.GetValueOrDefault(host.ZoneId) + 1;
        if (member is not null)
        {
            _memberHosts[(member, host.Index)] = _memberHosts.GetValueOrDefault((member, host.Index)) + 1;
            _memberZones[(member, host.ZoneId)] = _memberZones.GetValueOrDefault((member, host.ZoneId)) + 1;
        }
    }

    public void Remove(HostState host, string? member)
    {
        Decrement(Hosts, host.Index);
        Decrement(Zones, host.ZoneId);
        if (member is not null)
        {
            Decrement(_memberHosts, (member, host.Index));
            Decrement(_memberZones, (member, host.ZoneId));
        }
    }

    private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        if (counts[key] == 1)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key]--;
        }
    }
}

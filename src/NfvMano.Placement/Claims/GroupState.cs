using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Claims;

/// <summary>Live members of one server group, by host index and zone id; its own monitor guards it.</summary>
internal sealed class GroupState(ServerGroup group)
{
    public ServerGroup Group { get; } = group;

    public Dictionary<int, int> Hosts { get; } = [];

    public Dictionary<int, int> Zones { get; } = [];

    public bool Allows(HostState host)
    {
        var (members, key) = Group.Scope == GroupScope.Host ? (Hosts, host.Index) : (Zones, host.ZoneId);
        return Group.Policy == GroupPolicy.AntiAffinity
            ? !members.ContainsKey(key)
            : members.Count == 0 || (members.Count == 1 && members.ContainsKey(key));
    }

    public void Add(HostState host)
    {
        Hosts[host.Index] = Hosts.GetValueOrDefault(host.Index) + 1;
        Zones[host.ZoneId] = Zones.GetValueOrDefault(host.ZoneId) + 1;
    }

    public void Remove(HostState host)
    {
        Decrement(Hosts, host.Index);
        Decrement(Zones, host.ZoneId);
    }

    private static void Decrement(Dictionary<int, int> counts, int key)
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

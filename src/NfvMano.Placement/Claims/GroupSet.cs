using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Claims;

/// <summary>
/// The server groups one request or assignment belongs to, as live states. A host must suit every group; the
/// groups' monitors are taken in name order, so that two requests sharing groups cannot deadlock.
/// </summary>
internal sealed class GroupSet
{
    public static readonly GroupSet None = new([]);

    public GroupSet(IEnumerable<(GroupState State, string? Member)> groups)
    {
        var ordered = groups.OrderBy(g => g.State.Group.Name, StringComparer.Ordinal).ToList();
        Groups = [.. ordered.Select(g => g.State)];
        _members = [.. ordered.Select(g => g.Member)];
    }

    private readonly string?[] _members;

    public IReadOnlyList<GroupState> Groups { get; }

    public bool IsEmpty => Groups.Count == 0;

    public bool Allows(HostState host) => FirstExcluding(host) is null;

    /// <summary>The first group (in name order) that forbids the host, or null.</summary>
    public GroupState? FirstExcluding(HostState host)
    {
        for (var i = 0; i < Groups.Count; i++)
        {
            if (!Groups[i].Allows(host, _members[i]))
            {
                return Groups[i];
            }
        }

        return null;
    }

    /// <summary>The position of a member group (name order).</summary>
    public int IndexOf(GroupState group)
    {
        for (var i = 0; i < Groups.Count; i++)
        {
            if (ReferenceEquals(Groups[i], group))
            {
                return i;
            }
        }

        throw new ArgumentException($"group {group.Group.Name} is not in the set", nameof(group));
    }

    /// <summary>The host an affinity group (host scope) with live members names, if one does.</summary>
    public int? PinnedHost()
    {
        foreach (var group in Groups)
        {
            if (group is { Group.Policy: GroupPolicy.Affinity, Group.Scope: GroupScope.Host } && group.Hosts.Count == 1)
            {
                return group.Hosts.Keys.First();
            }
        }

        return null;
    }

    public void Add(HostState host)
    {
        for (var i = 0; i < Groups.Count; i++)
        {
            Groups[i].Add(host, _members[i]);
        }
    }

    public void Remove(HostState host)
    {
        for (var i = 0; i < Groups.Count; i++)
        {
            Groups[i].Remove(host, _members[i]);
        }
    }

    public void Enter()
    {
        foreach (var group in Groups)
        {
            Monitor.Enter(group);
        }
    }

    public void Exit()
    {
        for (var i = Groups.Count - 1; i >= 0; i--)
        {
            Monitor.Exit(Groups[i]);
        }
    }
}

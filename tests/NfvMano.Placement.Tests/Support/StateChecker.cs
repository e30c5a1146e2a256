using NfvMano.Placement.Claims;
using NfvMano.Placement.Inventory;
using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Tests.Support;

/// <summary>
/// An independent judge of a set of live assignments against the inventory: written from the rules
/// (FORMAT.md V4–V13), sharing no code with the engine. Returns every problem it finds.
/// </summary>
internal static class StateChecker
{
    public static List<string> Check(
        IReadOnlyList<HostInventory> hosts, double ratio, IEnumerable<(PlacementRequest Request, Assignment Assignment)> live)
    {
        var problems = new List<string>();
        var byName = hosts.ToDictionary(h => h.Name);
        var cpuOwner = new Dictionary<(string, int), string>();
        var shared = new Dictionary<(string, int), int>();
        var mem = new Dictionary<(string, int), long>();
        var pages = new Dictionary<(string, int, long), long>();
        var vfs = new Dictionary<(string, int, string), int>();
        var vfSlots = new HashSet<(string, int, string, int)>();
        var groups = new Dictionary<string, List<(string Host, string Zone, ServerGroup Group)>>();
        foreach (var (req, a) in live)
        {
            var host = byName[a.Host];
            var where = $"{req.Id} on {a.Host}";
            if (req.Zone is not null && host.Zone != req.Zone)
            {
                problems.Add($"{where}: zone {host.Zone}, wanted {req.Zone}");
            }

            var nodes = req.Nodes();
            if (a.Cells.Length != nodes.Length || a.Cells.Select(c => c.GuestCell).Order().Where((g, i) => g != i).Any())
            {
                problems.Add($"{where}: guest cells do not match the request's {nodes.Length} nodes");
                continue;
            }

            if (a.Cells.Select(c => c.HostCell).Distinct().Count() != a.Cells.Length)
            {
                problems.Add($"{where}: two guest cells share a host cell");
            }

            foreach (var ca in a.Cells)
            {
                var cell = host.Cells.Single(c => c.Id == ca.HostCell);
                var node = nodes[ca.GuestCell];
                if (ca.MemoryMiB != node.MemoryMiB)
                {
                    problems.Add($"{where}: guest cell {ca.GuestCell} has {ca.MemoryMiB} MiB, wanted {node.MemoryMiB}");
                }

                if (!req.PageSize.Allows(ca.PageSizeKiB) || (ca.PageSizeKiB != 4 && !cell.HugePages.ContainsKey(ca.PageSizeKiB)) || ca.MemoryMiB * 1024 % ca.PageSizeKiB != 0)
                {
                    problems.Add($"{where}: page size {ca.PageSizeKiB} not allowed or not whole pages");
                }

                if (ca.PageSizeKiB == 4)
                {
                    mem[(a.Host, cell.Id)] = mem.GetValueOrDefault((a.Host, cell.Id)) + ca.MemoryMiB;
                }
                else
                {
                    pages[(a.Host, cell.Id, ca.PageSizeKiB)] = pages.GetValueOrDefault((a.Host, cell.Id, ca.PageSizeKiB)) + (ca.MemoryMiB * 1024 / ca.PageSizeKiB);
                }

                if (req.CpuPolicy == CpuPolicy.Shared)
                {
                    if (!ca.PinnedCpus.IsEmpty || node.Vcpus > cell.SharedCpus.Length)
                    {
                        problems.Add($"{where}: shared guest cell pins CPUs or exceeds its cell's shared CPUs");
                    }

                    shared[(a.Host, cell.Id)] = shared.GetValueOrDefault((a.Host, cell.Id)) + node.Vcpus;
                    continue;
                }

                if (ca.PinnedCpus.Length != node.Vcpus || ca.PinnedCpus.Distinct().Count() != node.Vcpus)
                {
                    problems.Add($"{where}: {ca.PinnedCpus.Length} pinned CPUs for {node.Vcpus} vCPUs");
                }

                var coreOf = new Dictionary<int, int[]>();
                foreach (var g in cell.SiblingGroups)
                {
                    foreach (var cpu in g)
                    {
                        coreOf[cpu] = [.. g];
                    }
                }

                foreach (var cpu in cell.PinnableCpus.Where(c => !coreOf.ContainsKey(c)))
                {
                    coreOf[cpu] = [cpu];
                }

                foreach (var cpu in ca.PinnedCpus.Concat(ca.ReservedCpus))
                {
                    if (!cell.PinnableCpus.Contains(cpu))
                    {
                        problems.Add($"{where}: CPU {cpu} is not pinnable on cell {cell.Id}");
                    }

                    if (!cpuOwner.TryAdd((a.Host, cpu), req.Id))
                    {
                        problems.Add($"{where}: CPU {cpu} pinned twice ({cpuOwner[(a.Host, cpu)]} and {req.Id})");
                    }
                }

                var perCore = ca.PinnedCpus.GroupBy(c => coreOf[c][0]).ToDictionary(g => g.Key, g => g.Count());
                switch (req.ThreadPolicy)
                {
                    case ThreadPolicy.Isolate:
                        if (perCore.Values.Any(n => n > 1))
                        {
                            problems.Add($"{where}: isolate puts two vCPUs on one core");
                        }

                        var siblings = ca.PinnedCpus.SelectMany(c => coreOf[c].Where(t => t != c)).Order().ToArray();
                        if (!siblings.SequenceEqual(ca.ReservedCpus.Order()))
                        {
                            problems.Add($"{where}: isolate must reserve exactly the siblings of its cores");
                        }

                        break;
                    case ThreadPolicy.Require:
                        if (ca.PinnedCpus.Any(c => coreOf[c].Length < 2) || perCore.Values.Count(n => n == 1) > 1)
                        {
                            problems.Add($"{where}: require without sibling pairs");
                        }

                        break;
                    default:
                        if (!ca.ReservedCpus.IsEmpty)
                        {
                            problems.Add($"{where}: prefer reserves CPUs");
                        }

                        break;
                }
            }

            var hostCells = a.Cells.Select(c => c.HostCell).ToHashSet();
            foreach (var vf in a.Vfs)
            {
                vfs[(a.Host, vf.HostCell, vf.Physnet)] = vfs.GetValueOrDefault((a.Host, vf.HostCell, vf.Physnet)) + 1;
                if (!vfSlots.Add((a.Host, vf.HostCell, vf.Physnet, vf.Slot)))
                {
                    problems.Add($"{where}: VF slot {vf.Slot} on {vf.Physnet} cell {vf.HostCell} given twice");
                }

                if (req.PciNumaAffinity != PciNumaAffinity.Preferred && !hostCells.Contains(vf.HostCell))
                {
                    problems.Add($"{where}: VF on cell {vf.HostCell} outside the guest's cells");
                }
            }

            foreach (var port in req.SrIov.GroupBy(p => p.Physnet))
            {
                if (a.Vfs.Count(v => v.Physnet == port.Key) != port.Sum(p => p.Count))
                {
                    problems.Add($"{where}: wrong number of VFs on {port.Key}");
                }
            }

            foreach (var grp in req.Groups)
            {
                if (!groups.TryGetValue(grp.Name, out var members))
                {
                    groups[grp.Name] = members = [];
                }

                // A request without a member is a member of its own.
                members.Add((a.Host, host.Zone, grp with { Member = grp.Member ?? req.Id }));
            }
        }

        foreach (var host in hosts)
        {
            foreach (var cell in host.Cells)
            {
                if (shared.GetValueOrDefault((host.Name, cell.Id)) > ratio * cell.SharedCpus.Length + 1e-9)
                {
                    problems.Add($"{host.Name} cell {cell.Id}: shared vCPUs over-committed");
                }

                if (mem.GetValueOrDefault((host.Name, cell.Id)) > cell.SmallPageMemoryMiB)
                {
                    problems.Add($"{host.Name} cell {cell.Id}: 4 KiB memory over-committed");
                }

                foreach (var (size, count) in cell.HugePages)
                {
                    if (pages.GetValueOrDefault((host.Name, cell.Id, size)) > count)
                    {
                        problems.Add($"{host.Name} cell {cell.Id}: {size} KiB pages over-committed");
                    }
                }

                foreach (var pool in cell.SrIov.GroupBy(p => p.Physnet))
                {
                    if (vfs.GetValueOrDefault((host.Name, cell.Id, pool.Key)) > pool.Sum(p => p.Count))
                    {
                        problems.Add($"{host.Name} cell {cell.Id}: VFs on {pool.Key} over-committed");
                    }
                }
            }
        }

        foreach (var (name, members) in groups)
        {
            var g = members[0].Group;
            var keys = members.Select(m => g.Scope == GroupScope.Host ? m.Host : m.Zone).ToList();
            if (g.Policy == GroupPolicy.Affinity && keys.Distinct().Count() > 1)
            {
                problems.Add($"group {name}: affinity members on {string.Join(",", keys.Distinct())}");
            }

            var sharedByMembers = members.GroupBy(m => g.Scope == GroupScope.Host ? m.Host : m.Zone).Where(k => k.Select(m => m.Group.Member).Distinct().Count() > 1);
            if (g.Policy == GroupPolicy.AntiAffinity && sharedByMembers.Any())
            {
                problems.Add($"group {name}: anti-affinity members share a {g.Scope}");
            }
        }

        return problems;
    }
}

using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Bench;

/// <summary>
/// How many creates an engine that never fragments would accept: each create is taken, in scenario order,
/// whenever the resources it asks for are free somewhere, with hosts and cells pooled. It tells how much
/// room a scenario leaves above an engine's count.
/// </summary>
/// <remarks>
/// Not a strict upper bound: refusing a large guest that would fit can leave room for several small ones,
/// and a real engine does that when the large one finds no cell. Isolated vCPUs count one CPU each (no idle
/// siblings), which favours the pool.
/// </remarks>
public static class PooledEstimate
{
    /// <summary>Accepted creates with the whole fleet as one pool.</summary>
    public static int Fleet(Scenario scenario) => Run(scenario, locality: false);

    /// <summary>
    /// Accepted creates when, besides the fleet pool, a one-cell guest that needs VFs of two or more
    /// physnets next to its CPUs must also find them in the pool of cells that carry all those physnets.
    /// </summary>
    public static int WithVfLocality(Scenario scenario) => Run(scenario, locality: true);

    private static int Run(Scenario scenario, bool locality)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var fleet = new Pool();
        var byPhysnets = new Dictionary<string, Pool>(StringComparer.Ordinal);
        foreach (var cell in scenario.Hosts.SelectMany(h => h.Cells))
        {
            fleet.Add(cell, scenario.CpuAllocationRatio);
        }

        var live = new Dictionary<string, List<(Pool Pool, Dictionary<string, double> Need)>>(StringComparer.Ordinal);
        var accepted = 0;
        foreach (var entry in scenario.Entries)
        {
            if (ScenarioReader.IsDelete(entry))
            {
                if (live.Remove(ScenarioReader.Id(entry), out var held))
                {
                    foreach (var (pool, need) in held)
                    {
                        pool.Give(need);
                    }
                }

                continue;
            }

            var request = ScenarioReader.ReadRequest(entry);
            var pools = new List<Pool> { fleet };
            var physnets = request.SrIov.Select(p => p.Physnet).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (locality && request.NumaNodes == 1 && physnets.Length > 1 && request.PciNumaAffinity != PciNumaAffinity.Preferred)
            {
                var key = string.Join(',', physnets);
                if (!byPhysnets.TryGetValue(key, out var local))
                {
                    local = new Pool();
                    foreach (var cell in scenario.Hosts.SelectMany(h => h.Cells).Where(c => physnets.All(p => c.SrIov.Any(v => v.Physnet == p))))
                    {
                        local.Add(cell, scenario.CpuAllocationRatio);
                    }

                    byPhysnets[key] = local;
                }

                pools.Add(local);
            }

            var needs = pools.Select(p => p.Need(request)).ToList();
            if (needs.Any(n => n is null))
            {
                continue;
            }

            var taken = new List<(Pool, Dictionary<string, double>)>();
            for (var i = 0; i < pools.Count; i++)
            {
                pools[i].Take(needs[i]!);
                taken.Add((pools[i], needs[i]!));
            }

            live[request.Id] = taken;
            accepted++;
        }

        return accepted;
    }

    /// <summary>Free amounts of a set of cells, by resource name.</summary>
    private sealed class Pool
    {
        private readonly Dictionary<string, double> _free = new(StringComparer.Ordinal);

        public void Add(Inventory.NumaCellInventory cell, double cpuAllocationRatio)
        {
            Grow("dedicated", cell.PinnableCpus.Length);
            Grow("shared", cell.SharedCpus.Length * cpuAllocationRatio);
            Grow("page:" + PageSizeRequest.SmallPageKiB, cell.SmallPageMemoryMiB);
            foreach (var (size, count) in cell.HugePages)
            {
                Grow("page:" + size, size * count / 1024.0);
            }

            foreach (var vf in cell.SrIov)
            {
                Grow("vf:" + vf.Physnet, vf.Count);
            }
        }

        /// <summary>What the request takes from this pool, or null when the pool lacks it.</summary>
        public Dictionary<string, double>? Need(PlacementRequest r)
        {
            var need = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                [r.CpuPolicy == CpuPolicy.Dedicated ? "dedicated" : "shared"] = r.Vcpus,
            };
            foreach (var port in r.SrIov)
            {
                need["vf:" + port.Physnet] = need.GetValueOrDefault("vf:" + port.Physnet) + port.Count;
            }

            // The page sizes the request accepts, the largest first: the pool takes the first that has room.
            var sizes = r.PageSize.Kind switch
            {
                PageSizeKind.Small => [PageSizeRequest.SmallPageKiB],
                PageSizeKind.Explicit => [r.PageSize.SizeKiB],
                PageSizeKind.Any => [.. HugeSizes(), PageSizeRequest.SmallPageKiB],
                _ => HugeSizes(),
            };
            var size = sizes.Cast<long?>().FirstOrDefault(s => _free.GetValueOrDefault("page:" + s) >= r.MemoryMiB);
            if (size is null)
            {
                return null;
            }

            need["page:" + size] = r.MemoryMiB;
            return need.All(n => _free.GetValueOrDefault(n.Key) >= n.Value) ? need : null;
        }

        public void Take(Dictionary<string, double> need)
        {
            foreach (var (name, amount) in need)
            {
                _free[name] -= amount;
            }
        }

        public void Give(Dictionary<string, double> need)
        {
            foreach (var (name, amount) in need)
            {
                _free[name] += amount;
            }
        }

        private long[] HugeSizes() =>
            [.. _free.Keys.Where(k => k.StartsWith("page:", StringComparison.Ordinal))
                .Select(k => long.Parse(k[5..], System.Globalization.CultureInfo.InvariantCulture))
                .Where(s => s != PageSizeRequest.SmallPageKiB).OrderDescending()];

        private void Grow(string name, double amount) => _free[name] = _free.GetValueOrDefault(name) + amount;
    }
}

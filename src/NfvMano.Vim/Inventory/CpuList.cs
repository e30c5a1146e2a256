using System.Globalization;

namespace NfvMano.Vim.Inventory;

/// <summary>
/// The CPU and NUMA-node list notation both libvirt (<c>cpuset</c>, <c>nodeset</c>) and Nova
/// (<c>hw:numa_cpus.N</c>) use: ids ascending, consecutive runs collapsed, e.g. <c>0-3,8,10-11</c>.
/// </summary>
public static class CpuList
{
    /// <summary>Writes the ids (duplicates dropped, any order accepted) in list notation.</summary>
    public static string Format(IEnumerable<int> ids)
    {
        var sorted = ids.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(j == i
                ? sorted[i].ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{sorted[i]}-{sorted[j]}"));
            i = j + 1;
        }

        return string.Join(',', parts);
    }
}

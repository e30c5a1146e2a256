using System.Text.Json;
using NfvMano.Placement.Bench;

namespace NfvMano.Placement.Tests.Bench;

public sealed class PooledEstimateTests
{
    // One host: cell 0 carries both physnets, cell 1 only physnet-a; 8 pinnable CPUs and 16 GiB of 1 GiB pages each.
    private const string Fleet = """
        "hosts": [{ "name": "h1", "zone": "az1", "numaCells": [
          { "id": 0, "cpus": [0,1,2,3,4,5,6,7], "sharedCpus": [16], "memoryMiB": 8192, "hugepages": { "1048576": 16 },
            "sriov": [{ "physnet": "physnet-a", "vfs": 8 }, { "physnet": "physnet-b", "vfs": 8 }] },
          { "id": 1, "cpus": [8,9,10,11,12,13,14,15], "sharedCpus": [17], "memoryMiB": 8192, "hugepages": { "1048576": 16 },
            "sriov": [{ "physnet": "physnet-a", "vfs": 8 }] }
        ] }]
        """;

    private static Scenario Parse(string requests)
    {
        using var doc = JsonDocument.Parse($$"""
            { "format": "nfvmano-placement-scenario/1", "name": "pool", "policy": "spread", "cpuAllocationRatio": 4.0,
              {{Fleet}}, "requests": [{{requests}}] }
            """);
        var scenario = ScenarioReader.Read(doc);
        return scenario with { Entries = [.. scenario.Entries.Select(e => e.Clone())] };
    }

    private static string Router(string id, string affinity = "required") =>
        $$"""
        { "id": "{{id}}", "vcpus": 4, "memoryMiB": 4096, "cpuPolicy": "dedicated", "numaNodes": 1, "pageSize": "1048576",
          "sriov": [{ "physnet": "physnet-a", "count": 1 }, { "physnet": "physnet-b", "count": 1 }], "pciNumaAffinity": "{{affinity}}" }
        """;

    [Fact]
    public void Fleet_TakesEveryCreateWhileThePooledCpusLast()
    {
        var scenario = Parse(string.Join(',', Enumerable.Range(1, 5).Select(i => Router($"r{i}"))));

        // 16 CPUs in all: four guests of 4 fit, the fifth does not.
        Assert.Equal(4, PooledEstimate.Fleet(scenario));
    }

    [Fact]
    public void WithVfLocality_OneCellGuestsNeedingBothPhysnets_OnlyDrawOnCellsCarryingBoth()
    {
        var scenario = Parse(string.Join(',', Enumerable.Range(1, 4).Select(i => Router($"r{i}"))));

        // Only cell 0 carries both physnets: its 8 CPUs hold two such guests.
        Assert.Equal(4, PooledEstimate.Fleet(scenario));
        Assert.Equal(2, PooledEstimate.WithVfLocality(scenario));
    }

    [Fact]
    public void WithVfLocality_PreferredAffinity_DrawsOnTheWholeFleet()
    {
        var scenario = Parse(string.Join(',', Enumerable.Range(1, 4).Select(i => Router($"r{i}", "preferred"))));

        Assert.Equal(4, PooledEstimate.WithVfLocality(scenario));
    }

    [Fact]
    public void Delete_GivesItsShareBackToEveryPool()
    {
        var scenario = Parse(string.Join(',', Router("r1"), Router("r2"), Router("r3"), """{ "op": "delete", "id": "r1" }""", Router("r4")));

        // r3 finds cell 0 full; once r1 is deleted, r4 fits there.
        Assert.Equal(3, PooledEstimate.WithVfLocality(scenario));
    }
}

using System.Diagnostics;
using NfvMano.Placement.Fitting;

namespace NfvMano.Placement.Bench;

/// <summary>Runs a scenario through the engine: every create decided in order, every delete applied, the loop timed.</summary>
public static class BenchRun
{
    /// <summary>Runs the scenario; building the engine is outside the timed loop.</summary>
    public static BenchOutcome Run(Scenario scenario, PlacementOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var engine = new PlacementEngine(scenario.Hosts, options);
        var decisions = new List<PlacementDecision>(scenario.CreateCount);
        var watch = Stopwatch.StartNew();
        foreach (var entry in scenario.Entries)
        {
            if (ScenarioReader.IsDelete(entry))
            {
                engine.Release(ScenarioReader.Id(entry));
                continue;
            }

            decisions.Add(engine.Place(ScenarioReader.ReadRequest(entry)));
        }

        watch.Stop();
        return new BenchOutcome(decisions, watch.Elapsed.TotalSeconds, engine);
    }
}

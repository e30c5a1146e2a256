using System.Diagnostics;
using System.Text.Json;
using NfvMano.Placement.Bench;
using NfvMano.Placement.Fitting;
using NfvMano.Placement.Requests;
using NfvMano.Placement.Tests.Support;

namespace NfvMano.Placement.Tests.Bench;

/// <summary>
/// Runs the engine on the placement kit's two public example scenarios (copied as fixtures) and
/// judges every step with the independent checker. When NFVMANO_PLACEMENT_KIT names the kit's
/// folder, the kit's own validate.py judges the written result too.
/// </summary>
public sealed class KitExampleTests
{
    public static TheoryData<string, int> Examples => new()
    {
        // Nova 26's acceptance on each example, from the kit's stored results.
        { "telco-mix-s1-h8-r60.scenario.json", 53 },
        { "fragmenting-s3-h4-r40.scenario.json", 36 },
    };

    private static Scenario Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)));
        var scenario = ScenarioReader.Read(doc);
        return scenario with { Entries = [.. scenario.Entries.Select(e => e.Clone())] };
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_EveryStepIsLegal_AndAcceptsAtLeastAsManyAsNova(string file, int novaAccepted)
    {
        var scenario = Load(file);
        var engine = new PlacementEngine(scenario.Hosts, new PlacementOptions(scenario.Preference, scenario.CpuAllocationRatio));
        var live = new Dictionary<string, PlacementRequest>();
        var accepted = 0;
        foreach (var entry in scenario.Entries)
        {
            if (ScenarioReader.IsDelete(entry))
            {
                var id = ScenarioReader.Id(entry);
                Assert.Equal(live.Remove(id), engine.Release(id));
                continue;
            }

            var request = ScenarioReader.ReadRequest(entry);
            var d = engine.Place(request);
            if (d.Accepted)
            {
                accepted++;
                live[request.Id] = request;
            }
            else
            {
                Assert.StartsWith("no host fits: ", d.Reason, StringComparison.Ordinal);
            }

            var problems = StateChecker.Check(scenario.Hosts, scenario.CpuAllocationRatio, live.Values.Select(r => (r, engine.Live[r.Id])));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        Assert.True(accepted >= novaAccepted, $"accepted {accepted}, Nova {novaAccepted}");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_ResultFile_HasOnePlacementPerCreateAndAConsistentSummary(string file, int novaAccepted)
    {
        var scenario = Load(file);
        var options = new PlacementOptions(scenario.Preference, scenario.CpuAllocationRatio);
        var outcome = BenchRun.Run(scenario, options);
        using var buffer = new MemoryStream();
        ResultWriter.Write(buffer, scenario, outcome, options);

        using var result = JsonDocument.Parse(buffer.ToArray());
        var root = result.RootElement;
        Assert.Equal("nfvmano-placement-result/1", root.GetProperty("format").GetString());
        var placements = root.GetProperty("placements").EnumerateArray().ToArray();
        Assert.Equal(scenario.CreateCount, placements.Length);
        var accepted = placements.Count(p => p.GetProperty("host").ValueKind == JsonValueKind.String);
        var summary = root.GetProperty("summary");
        Assert.Equal(accepted, summary.GetProperty("accepted").GetInt32());
        Assert.Equal(placements.Length, summary.GetProperty("decisions").GetInt32());
        Assert.True(accepted >= novaAccepted);

        var kit = Environment.GetEnvironmentVariable("NFVMANO_PLACEMENT_KIT");
        if (string.IsNullOrEmpty(kit))
        {
            return;
        }

        var validatePy = Path.GetFullPath(Path.Combine(kit, "validate.py"));
        Assert.True(File.Exists(validatePy), $"NFVMANO_PLACEMENT_KIT={kit}: no validate.py at {validatePy}");
        var resultPath = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.result.json");
        File.WriteAllBytes(resultPath, buffer.ToArray());
        try
        {
            var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(validatePy);
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fixtures", file));
            psi.ArgumentList.Add(resultPath);
            using var validate = Process.Start(psi)!;
            var output = validate.StandardOutput.ReadToEnd();
            validate.WaitForExit();
            Assert.True(validate.ExitCode == 0, output + validate.StandardError.ReadToEnd());
            Assert.StartsWith("valid", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(resultPath);
        }
    }
}

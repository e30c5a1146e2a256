using System.Globalization;
using System.Text.Json;
using NfvMano.Placement.Bench;
using NfvMano.Placement.Fitting;

// Usage: SCENARIO.json RESULT.json [--candidates N] [--order spread|pack] [--isolate-headroom F] [--isolate-min-headroom F] [--no-isolate-on-smt] [--demand-weight F]
//        --pooled-estimate SCENARIO.json
const string Usage = "usage: NfvMano.Placement.Bench SCENARIO.json RESULT.json [--candidates N] [--order spread|pack] [--isolate-headroom F] [--isolate-min-headroom F] [--no-isolate-on-smt] [--demand-weight F]\n"
    + "       NfvMano.Placement.Bench --pooled-estimate SCENARIO.json";
if (args.Length == 2 && args[0] == "--pooled-estimate")
{
    if (await LoadAsync(args[1]) is not { } pooled)
    {
        return 2;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{pooled.Name}: {pooled.CreateCount} creates; pooled fleet accepts {PooledEstimate.Fleet(pooled)}, pooled with VF locality {PooledEstimate.WithVfLocality(pooled)}"));
    return 0;
}

if (args.Length < 2)
{
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}

if (await LoadAsync(args[0]) is not { } scenario)
{
    return 2;
}

var options = new PlacementOptions(scenario.Preference, scenario.CpuAllocationRatio);
double? minimumHeadroom = null;
for (var i = 2; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--candidates" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1:
            options = options with { CandidateHosts = k };
            i++;
            break;
        case "--order" when i + 1 < args.Length && args[i + 1] is "spread" or "pack":
            options = options with { Preference = args[i + 1] == "spread" ? HostPreference.Spread : HostPreference.Pack };
            i++;
            break;
        case "--isolate-headroom" when i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var h) && h >= 0 && h <= 1:
            options = options with { IsolateOnSmtHeadroom = h };
            i++;
            break;
        case "--isolate-min-headroom" when i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var mh) && mh >= 0 && mh <= 1:
            minimumHeadroom = mh;
            i++;
            break;
        case "--demand-weight" when i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var dw) && dw >= 0:
            options = options with { DemandWeight = dw };
            i++;
            break;
        case "--no-isolate-on-smt":
            options = options with { IsolateOnSmt = false };
            break;
        default:
            await Console.Error.WriteLineAsync($"argument '{args[i]}' is not understood (or its value is missing)");
            return 2;
    }
}

// A preferred headroom below the default minimum makes that the minimum too, unless one was given.
options = options with { IsolateOnSmtMinimumHeadroom = minimumHeadroom ?? Math.Min(options.IsolateOnSmtMinimumHeadroom, options.IsolateOnSmtHeadroom) };
if (options.Problem() is { } problem)
{
    await Console.Error.WriteLineAsync(problem);
    return 2;
}

var outcome = BenchRun.Run(scenario, options);
await using (var output = File.Create(args[1]))
{
    ResultWriter.Write(output, scenario, outcome, options);
}

var accepted = outcome.Decisions.Count(d => d.Accepted);
await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
    $"{scenario.Name}: accepted {accepted} of {outcome.Decisions.Count}, {outcome.Seconds:F3} s, {outcome.Decisions.Count / outcome.Seconds:F0} decisions/s"));
return 0;

static async Task<Scenario?> LoadAsync(string path)
{
    try
    {
        await using var input = File.OpenRead(path);
        using var doc = await JsonDocument.ParseAsync(input);
        var scenario = ScenarioReader.Read(doc);

        // Entries refer into the document; clone what the loop reads so the document can go.
        return scenario with { Entries = [.. scenario.Entries.Select(e => e.Clone())] };
    }
    catch (Exception e) when (e is IOException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
    {
        await Console.Error.WriteLineAsync($"{path}: {e.Message}");
        return null;
    }
}

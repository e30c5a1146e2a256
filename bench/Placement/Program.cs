using System.Globalization;
using System.Text.Json;
using NfvMano.Placement.Bench;

// Usage: SCENARIO.json RESULT.json [--candidates N]
if (args.Length < 2)
{
    await Console.Error.WriteLineAsync("usage: NfvMano.Placement.Bench SCENARIO.json RESULT.json [--candidates N]");
    return 2;
}

var candidates = 8;
var at = Array.IndexOf(args, "--candidates");
if (at >= 0 && (at + 1 >= args.Length || !int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out candidates) || candidates < 1))
{
    await Console.Error.WriteLineAsync("--candidates needs a whole number ≥ 1");
    return 2;
}

Scenario scenario;
try
{
    await using var input = File.OpenRead(args[0]);
    using var doc = await JsonDocument.ParseAsync(input);
    scenario = ScenarioReader.Read(doc);

    // Entries refer into the document; keep it alive by cloning what the loop reads.
    scenario = scenario with { Entries = [.. scenario.Entries.Select(e => e.Clone())] };
}
catch (Exception e) when (e is IOException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync($"{args[0]}: {e.Message}");
    return 2;
}

var outcome = BenchRun.Run(scenario, candidates);
await using (var output = File.Create(args[1]))
{
    ResultWriter.Write(output, scenario, outcome, candidates);
}

var accepted = outcome.Decisions.Count(d => d.Accepted);
await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
    $"{scenario.Name}: accepted {accepted} of {outcome.Decisions.Count}, {outcome.Seconds:F3} s, {outcome.Decisions.Count / outcome.Seconds:F0} decisions/s"));
return 0;

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NfvMano.Descriptors.Bench;
using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Tosca;

// Parse + validate time per package for NfvMano.Descriptors, and the same packages through Debian's
// python3-tosca-parser in the same run. Usage (from the repository root):
//   dotnet run -c Release --project bench/Descriptors -- [--iterations 300] [--python-iterations 20] [--no-python]
var options = BenchOptions.Parse(args);
var repo = BenchOptions.FindRepositoryRoot();
var packages = new List<(string Name, Dictionary<string, byte[]> Files)>();
foreach (var sample in (string[])["vrouter", "firewall", "storage", "nsd-service-chain"])
{
    packages.Add((sample, SampleFiles(Path.Combine(repo, "descriptors", sample))));
}

packages.Add(("generated-50-vdu", GeneratedPackage.Files(50)));

Console.WriteLine($"NfvMano.Descriptors parse+validate, {options.Iterations} iterations per package (after warm-up), .NET {Environment.Version}, {Environment.ProcessorCount} cores");
var ours = new Dictionary<string, (double Median, double P99, double AllocatedMiB, bool Valid, string? Problem)>(StringComparer.Ordinal);
var zips = packages.ToDictionary(p => p.Name, p => GeneratedPackage.Zip(p.Files), StringComparer.Ordinal);

// Warm up long enough for tiered compilation (and PGO) to settle on every code path before measuring.
var warmUp = Stopwatch.StartNew();
while (warmUp.Elapsed < TimeSpan.FromSeconds(3))
{
    foreach (var zip in zips.Values)
    {
        CsarReader.Read(new MemoryStream(zip));
    }
}

foreach (var (name, _) in packages)
{
    var zip = zips[name];

    var times = new double[options.Iterations];
    PackageParseResult? last = null;
    long allocated = 0;
    for (var i = 0; i < times.Length; i++)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        last = CsarReader.Read(new MemoryStream(zip));
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        allocated = Math.Max(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    Array.Sort(times);
    ours[name] = (Percentile(times, 0.5), Percentile(times, 0.99), allocated / 1048576.0, last!.IsValid, last.Problems.FirstOrDefault()?.ToString());
}

var peakMiB = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;

Dictionary<string, PythonResult>? python = null;
if (!options.NoPython)
{
    python = ToscaParser.Run(packages, repo, options.PythonIterations);
}

Console.WriteLine();
Console.WriteLine("| package | ours median ms | ours p99 ms | ours alloc MiB/op | tosca-parser median ms | tosca-parser p99 ms | ratio (median) | ours | tosca-parser |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
var disagreements = 0;
foreach (var (name, _) in packages)
{
    var o = ours[name];
    var p = python?.GetValueOrDefault(name);
    var ratio = p is null ? "n/a" : (p.Median / o.Median).ToString("F0", CultureInfo.InvariantCulture) + "x";
    var oursVerdict = o.Valid ? "valid" : "invalid";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {o.Median:F2} | {o.P99:F2} | {o.AllocatedMiB:F1} | {p?.Median.ToString("F1", CultureInfo.InvariantCulture) ?? "n/a"} | {p?.P99.ToString("F1", CultureInfo.InvariantCulture) ?? "n/a"} | {ratio} | {oursVerdict} | {p?.Verdict ?? "n/a"} |"));
    if (!o.Valid)
    {
        Console.WriteLine($"  ours: {o.Problem}");
    }

    if (p is not null && p.Verdict != oursVerdict)
    {
        disagreements++;
        Console.WriteLine($"  DISAGREE: tosca-parser says {p.Verdict}: {p.Error}");
    }
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set of this process: {peakMiB:F0} MiB"));
if (python is not null && python.Count > 0)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS of the tosca-parser process: {python.Values.Max(p => p.MaxRssKiB) / 1024.0:F0} MiB"));
    var ratios = packages.Where(p => python.ContainsKey(p.Name)).Select(p => python[p.Name].Median / ours[p.Name].Median).ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speed-up over tosca-parser: min {ratios.Min():F0}x, geometric mean {Math.Exp(ratios.Average(Math.Log)):F0}x (target >= 50x)"));
    Console.WriteLine(disagreements == 0 ? "verdicts: agree on every package" : $"verdicts: {disagreements} disagreement(s)");
}

return disagreements == 0 && ours.Values.All(o => o.Valid) ? 0 : 1;

static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

static Dictionary<string, byte[]> SampleFiles(string folder) =>
    Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
        .Where(f => !Path.GetFileName(f).StartsWith("EXPECTED", StringComparison.Ordinal))
        .ToDictionary(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes, StringComparer.Ordinal);

internal sealed record BenchOptions(int Iterations, int PythonIterations, bool NoPython)
{
    public static BenchOptions Parse(string[] args)
    {
        var iterations = 300;
        var pythonIterations = 20;
        var noPython = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--iterations":
                    iterations = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--python-iterations":
                    pythonIterations = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--no-python":
                    noPython = true;
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return new BenchOptions(iterations, pythonIterations, noPython);
    }

    public static string FindRepositoryRoot()
    {
        foreach (var start in (string[])[Directory.GetCurrentDirectory(), AppContext.BaseDirectory])
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NfvMano.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("run from inside the repository (NfvMano.sln not found)");
    }
}

internal sealed record PythonResult(string Verdict, string? Error, double Median, double P99, long MaxRssKiB);

/// <summary>
/// Sets up Debian's python3-tosca-parser in a temporary folder (it is broken as installed: three definition
/// files are missing) and times it on the same packages, with the ETSI type imports pointed at local files
/// written from our own type knowledge (it cannot download them).
/// </summary>
internal static partial class ToscaParser
{
    private const string Installed = "/usr/lib/python3/dist-packages/toscaparser";

    [GeneratedRegex(@"https://forge\.etsi\.org/rep/nfv/SOL001/raw/[^/\s]+/(etsi_nfv_sol001_[a-z]+_types\.yaml)")]
    private static partial Regex Sol001Url();

    public static Dictionary<string, PythonResult>? Run(List<(string Name, Dictionary<string, byte[]> Files)> packages, string repo, int iterations)
    {
        if (!Directory.Exists(Installed))
        {
            Console.WriteLine($"tosca-parser not installed ({Installed}); run: apt-get install -y python3-tosca-parser python3-pbr");
            return null;
        }

        var definitions = Environment.GetEnvironmentVariable("NFVMANO_TOSCA_PARSER_DEFINITIONS")
            ?? Path.GetFullPath(Path.Combine(repo, "..", "shared", "vendor", "tosca-parser-2.6.0-definitions"));
        if (!Directory.Exists(definitions))
        {
            Console.WriteLine($"tosca-parser definition files not found at {definitions}; set NFVMANO_TOSCA_PARSER_DEFINITIONS");
            return null;
        }

        var temp = Directory.CreateTempSubdirectory("nfvmano-tosca-parser-");
        try
        {
            var lib = Path.Combine(temp.FullName, "lib");
            CopyTree(Installed, Path.Combine(lib, "toscaparser"));
            foreach (var file in (string[])["elements/TOSCA_definition_1_0.yaml", "extensions/nfv/TOSCA_nfv_definition_1_0_0.yaml", "extensions/mec/TOSCA_mec_definition_1_0_0.yaml"])
            {
                var target = Path.Combine(lib, "toscaparser", file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(definitions, file), target, overwrite: true);
            }

            var types = Path.Combine(temp.FullName, "sol001");
            Directory.CreateDirectory(types);
            var common = Path.Combine(types, "etsi_nfv_sol001_common_types.yaml");
            // tosca-parser compares an in_range constraint on a range-typed value as a number and crashes: drop those.
            File.WriteAllText(common, BuiltInTypes.ReadResource("etsi_nfv_sol001_types.yaml").Replace(", constraints: [ in_range: [ 0, 65535 ] ] }", " }", StringComparison.Ordinal));
            foreach (var kind in (string[])["vnfd", "nsd", "pnfd"])
            {
                File.WriteAllText(Path.Combine(types, $"etsi_nfv_sol001_{kind}_types.yaml"), $"tosca_definitions_version: tosca_simple_yaml_1_2\nimports:\n  - {common}\n");
            }

            var zips = new List<string>();
            foreach (var (name, files) in packages)
            {
                var rewritten = files.ToDictionary(
                    f => f.Key,
                    f => f.Key.EndsWith(".yaml", StringComparison.Ordinal)
                        ? System.Text.Encoding.UTF8.GetBytes(Sol001Url().Replace(System.Text.Encoding.UTF8.GetString(f.Value), m => Path.Combine(types, m.Groups[1].Value)))
                        : f.Value,
                    StringComparer.Ordinal);
                var zip = Path.Combine(temp.FullName, name + ".zip");
                File.WriteAllBytes(zip, GeneratedPackage.Zip(rewritten));
                zips.Add(zip);
            }

            var script = Path.Combine(temp.FullName, "tosca_parser_bench.py");
            using (var resource = typeof(ToscaParser).Assembly.GetManifestResourceStream("tosca_parser_bench.py")!)
            using (var file = File.Create(script))
            {
                resource.CopyTo(file);
            }

            var python = Environment.GetEnvironmentVariable("NFVMANO_PYTHON") ?? "/usr/bin/python3";
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(iterations.ToString(CultureInfo.InvariantCulture));
            foreach (var zip in zips)
            {
                start.ArgumentList.Add(zip);
            }

            start.Environment["PYTHONPATH"] = lib;
            Console.WriteLine($"running tosca-parser ({python}), {iterations} iterations per package ...");
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var results = new Dictionary<string, PythonResult>(StringComparer.Ordinal);
            while (process.StandardOutput.ReadLine() is { } line)
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var times = root.GetProperty("times_ms").EnumerateArray().Select(t => t.GetDouble()).Order().ToArray();
                results[root.GetProperty("name").GetString()!] = new PythonResult(
                    root.GetProperty("verdict").GetString()!,
                    root.GetProperty("error").GetString(),
                    times[Math.Min(times.Length - 1, (int)Math.Ceiling(0.5 * times.Length) - 1)],
                    times[Math.Min(times.Length - 1, (int)Math.Ceiling(0.99 * times.Length) - 1)],
                    root.GetProperty("max_rss_kib").GetInt64());
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"tosca-parser run failed ({process.ExitCode}): {stderr.Result}");
            }

            return results;
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories).Where(d => !d.Contains("__pycache__", StringComparison.Ordinal)))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => !f.Contains("__pycache__", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }
}

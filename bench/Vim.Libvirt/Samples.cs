using System.Globalization;
using System.Diagnostics;

namespace NfvMano.Vim.Libvirt.Bench;

/// <summary>Per-call timings of one operation, in milliseconds.</summary>
internal sealed class Samples(string name)
{
    private readonly List<double> values = [];

    internal string Name => name;

    internal int Count => values.Count;

    internal T Time<T>(Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        var result = work();
        values.Add(clock.Elapsed.TotalMilliseconds);
        return result;
    }

    internal async Task TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        values.Add(clock.Elapsed.TotalMilliseconds);
    }

    internal double Percentile(double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    internal string Row(Samples? baseline) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} | {Count} | {Percentile(0.5):F3} | {Percentile(0.9):F3} | {(baseline is null ? "" : (Percentile(0.5) - baseline.Percentile(0.5)).ToString("+0.000;-0.000", CultureInfo.InvariantCulture))} |");
}

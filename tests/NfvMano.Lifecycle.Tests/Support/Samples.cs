using System.IO.Compression;

namespace NfvMano.Lifecycle.Tests.Support;

/// <summary>The sample packages of descriptors/ (copied next to the test assembly), zipped as a client would upload them.</summary>
public static class Samples
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "descriptors");

    /// <summary>The VNF packages the service-chain NSD names (every one must be onboarded before it).</summary>
    public static IReadOnlyList<string> VnfPackages { get; } = ["vrouter", "firewall", "storage"];

    /// <summary>Every valid VNF package: those of the service chain and the ones no NSD names.</summary>
    public static IReadOnlyList<string> ValidVnfPackages { get; } = [.. VnfPackages, "gateway"];

    /// <summary>The NSD that chains the VNF packages.</summary>
    public const string ServiceChainNsd = "nsd-service-chain";

    /// <summary>Every broken sample (each must be rejected).</summary>
    public static IEnumerable<string> Broken() =>
        Directory.EnumerateDirectories(Path.Combine(Root, "broken")).Select(d => "broken/" + Path.GetFileName(d)).Order(StringComparer.Ordinal);

    /// <summary>Zips a sample folder without its EXPECTED* notes; the same sample always gives the same bytes
    /// (entries carry a fixed time, not the clock's, so a checksum taken later still matches).</summary>
    private static readonly DateTimeOffset FixedEntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Zip(string name)
    {
        var folder = Path.Combine(Root, name);
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith("EXPECTED", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var entry = archive.CreateEntry(Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'));
                entry.LastWriteTime = FixedEntryTime;
                using var target = entry.Open();
                using var source = File.OpenRead(file);
                source.CopyTo(target);
            }
        }

        return output.ToArray();
    }
}

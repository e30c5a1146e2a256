using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace NfvMano.Testing;

/// <summary>
/// The repository's sample descriptors (<c>descriptors/</c>), found above the test output, zipped the way a
/// client uploads them.
/// </summary>
public static class Samples
{
    // Entries carry a fixed time, not the clock's, so the same sample always gives the same bytes and a
    // checksum taken later still matches.
    private static readonly DateTimeOffset FixedEntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The VNF packages the service-chain NSD names (every one must be onboarded before it).</summary>
    public static IReadOnlyList<string> VnfPackages { get; } = ["vrouter", "firewall", "storage"];

    /// <summary>Every valid VNF package: those of the service chain and the ones no NSD names.</summary>
    public static IReadOnlyList<string> ValidVnfPackages { get; } = [.. VnfPackages, "gateway"];

    /// <summary>The NSD that chains the VNF packages.</summary>
    public const string ServiceChainNsd = "nsd-service-chain";

    /// <summary>The folder of the samples.</summary>
    public static string Root { get; } = RepositoryFile("descriptors");

    /// <summary>A file or folder of the repository, found above the test output.</summary>
    public static string RepositoryFile(params string[] parts)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NfvMano.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root (NfvMano.sln) not found above the test output");
        }

        return Path.Combine([root, .. parts]);
    }

    /// <summary>Every broken sample (each must be rejected), as <c>broken/NAME</c>.</summary>
    public static IEnumerable<string> Broken() =>
        Directory.EnumerateDirectories(Path.Combine(Root, "broken")).Select(d => "broken/" + Path.GetFileName(d)).Order(StringComparer.Ordinal);

    /// <summary>
    /// Zips a sample folder without its EXPECTED* notes, entries in name order. <paramref name="edit"/>
    /// (path, text) → text rewrites YAML files; an edited file's SHA-256 in the manifest is replaced by its
    /// new one, so the package still verifies.
    /// </summary>
    public static byte[] Zip(string sample, Func<string, string, string>? edit = null)
    {
        var folder = Path.Combine(Root, sample);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("EXPECTED", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes);
        if (edit is not null)
        {
            foreach (var path in files.Keys.Where(p => p.EndsWith(".yaml", StringComparison.Ordinal)).ToList())
            {
                var before = files[path];
                var after = Encoding.UTF8.GetBytes(edit(path, Encoding.UTF8.GetString(before)));
                if (after.AsSpan().SequenceEqual(before))
                {
                    continue;
                }

                files[path] = after;
                var manifest = files.Keys.Single(p => p.EndsWith(".mf", StringComparison.Ordinal));
                files[manifest] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(files[manifest]).Replace(
                    Convert.ToHexStringLower(SHA256.HashData(before)), Convert.ToHexStringLower(SHA256.HashData(after)), StringComparison.Ordinal));
            }
        }

        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var entry = archive.CreateEntry(path);
                entry.LastWriteTime = FixedEntryTime;
                using var target = entry.Open();
                target.Write(content);
            }
        }

        return output.ToArray();
    }

    /// <summary>Writes the zipped sample as <c>NAME.zip</c> (NAME: the sample's last folder) in a new temporary folder and returns its path.</summary>
    public static string ZipFile(string sample)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("nfvmano-sample-").FullName, Path.GetFileName(sample) + ".zip");
        File.WriteAllBytes(path, Zip(sample));
        return path;
    }
}

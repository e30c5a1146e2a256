using System.IO.Compression;

namespace NfvMano.Console.Tests;

/// <summary>The repository's sample descriptors, zipped as a VNF package the way an operator would upload them.</summary>
internal static class Samples
{
    /// <summary>A file of the repository, found above the test output.</summary>
    public static string RepositoryFile(params string[] parts)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NfvMano.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root (NfvMano.sln) not found above the test output");
        }

        return Path.Combine([root, .. parts]);
    }

    /// <summary>Writes <c>descriptors/SAMPLE</c> as <c>NAME.zip</c> (NAME: the sample's last folder) in a temporary folder and returns its path.</summary>
    public static string ZipFile(string sample)
    {
        var folder = RepositoryFile("descriptors", sample);
        var path = Path.Combine(Directory.CreateTempSubdirectory("nfvmano-console-").FullName, Path.GetFileName(sample) + ".zip");
        using var archive = System.IO.Compression.ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("EXPECTED", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            archive.CreateEntryFromFile(file, Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'));
        }

        return path;
    }
}

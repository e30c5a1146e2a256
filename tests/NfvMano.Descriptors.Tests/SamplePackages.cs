using System.IO.Compression;
using System.Text;

namespace NfvMano.Descriptors.Tests;

/// <summary>Builds CSARs in memory from the sample folders under descriptors/ (copied next to the test assembly).</summary>
internal static class SamplePackages
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "descriptors");

    public static string Folder(string name) => Path.Combine(Root, name.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Zips a sample folder (without its EXPECTED* notes) the way descriptors/tools/build_csar.sh does.</summary>
    public static MemoryStream Zip(string name)
    {
        var folder = Folder(name);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !Path.GetFileName(f).StartsWith("EXPECTED", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        return ZipFiles(files.Select(f => (f, File.ReadAllBytes(Path.Combine(folder, f)))));
    }

    public static MemoryStream ZipFiles(IEnumerable<(string Path, byte[] Content)> files)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                var entry = archive.CreateEntry(path, CompressionLevel.Optimal);
                using var s = entry.Open();
                s.Write(content);
            }
        }

        stream.Position = 0;
        return stream;
    }

    public static MemoryStream ZipTexts(params (string Path, string Text)[] files) =>
        ZipFiles(files.Select(f => (f.Path, Encoding.UTF8.GetBytes(f.Text))));

    public static IEnumerable<string> BrokenNames() =>
        Directory.EnumerateDirectories(Folder("broken")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
}

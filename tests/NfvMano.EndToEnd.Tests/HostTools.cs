using System.Diagnostics;
using System.IO.Compression;

namespace NfvMano.EndToEnd.Tests;

/// <summary>What the end-to-end tests look at from outside the server: the repository's samples and libvirtd.</summary>
internal static class HostTools
{
    /// <summary>A sample of <c>descriptors/</c> zipped as a client would upload it (without its EXPECTED* notes).</summary>
    public static byte[] ZipSample(string sample)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NfvMano.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }
        using var zip = new MemoryStream();
        var folder = Path.Combine(root, "descriptors", sample);
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith("EXPECTED", StringComparison.Ordinal)))
            {
                archive.CreateEntryFromFile(file, Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }
        return zip.ToArray();
    }

    /// <summary>Runs <c>virsh</c> against the test libvirtd; its output lines, trimmed.</summary>
    public static List<string> Virsh(params string[] args)
    {
        var start = new ProcessStartInfo("virsh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Environment.GetEnvironmentVariable(EndToEndFactAttribute.LibvirtdVariable)!);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        process.WaitForExit();
        return lines;
    }
}

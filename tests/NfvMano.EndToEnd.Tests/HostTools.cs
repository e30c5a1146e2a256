using System.Diagnostics;

namespace NfvMano.EndToEnd.Tests;

/// <summary>What the end-to-end tests look at from outside the server: libvirtd.</summary>
internal static class HostTools
{
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

using System.Diagnostics;

namespace NfvMano.Testing;

/// <summary>
/// Runs Debian's standard <c>openstack</c> CLI against an endpoint without Keystone, as an operator would; the
/// access token travels as <c>X-Auth-Token</c>. <paramref name="workingDirectory"/> is also its HOME.
/// </summary>
public sealed class OpenStackCli(Uri endpoint, string workingDirectory, string accessToken)
{
    /// <summary>The <c>openstack</c> executable on PATH, if any.</summary>
    public static string? Executable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "openstack"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs <c>openstack ARGS</c> and returns what it exited with and printed.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("no openstack CLI on PATH"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in (string[])["--os-auth-type", "admin_token", "--os-token", accessToken, "--os-endpoint", endpoint.ToString().TrimEnd('/'), .. args])
        {
            start.ArgumentList.Add(arg);
        }

        // Only what the command line says: no cloud of the machine's user may leak in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["HOME"] = workingDirectory;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openstack {string.Join(' ', args)} did not finish within 60 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NfvMano.Server.Tests.Sol003.OpenStackCli;

/// <summary>
/// Debian's standard <c>openstack</c> CLI with the tacker plugin, pointed at an endpoint without Keystone and at
/// one vnflcm API major version, as an operator would run it; the access token travels as <c>X-Auth-Token</c>.
/// </summary>
public sealed class TackerCli(Uri endpoint, int apiVersion, string workingDirectory, string accessToken)
{
    /// <summary>The <c>openstack</c> executable on PATH, if any.</summary>
    public static string? Executable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "openstack"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs <c>openstack vnflcm …</c> and returns what it exited with and printed.</summary>
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
        string[] common = ["--os-auth-type", "admin_token", "--os-token", accessToken, "--os-endpoint", endpoint.ToString().TrimEnd('/'), "--os-tacker-api-version", apiVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), "vnflcm"];
        foreach (var arg in (string[])[.. common, .. args])
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
            throw new TimeoutException($"openstack vnflcm {string.Join(' ', args)} did not finish within 60 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a command that must succeed and returns its standard output.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunAsync(args);
        Assert.True(exitCode == 0, $"openstack vnflcm {string.Join(' ', args)} (v{apiVersion}) exited with {exitCode}: {stdout} {stderr}");
        return stdout;
    }

    /// <summary>Runs a command with <c>-f json</c> that must succeed and parses what it prints.</summary>
    public async Task<JsonNode> JsonAsync(params string[] args) =>
        JsonNode.Parse(await OkAsync([.. args, "-f", "json"])) ?? throw new InvalidOperationException("no JSON printed");

    /// <summary>Runs a command that must fail and returns what it printed on standard error.</summary>
    public async Task<string> FailsAsync(params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunAsync(args);
        Assert.True(exitCode != 0, $"openstack vnflcm {string.Join(' ', args)} (v{apiVersion}) should have failed: {stdout}");
        return stderr;
    }
}

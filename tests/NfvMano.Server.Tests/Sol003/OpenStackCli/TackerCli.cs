using System.Text.Json.Nodes;

namespace NfvMano.Server.Tests.Sol003.OpenStackCli;

/// <summary>
/// Debian's standard <c>openstack</c> CLI with the tacker plugin, pointed at an endpoint without Keystone and at
/// one vnflcm API major version, as an operator would run it; the access token travels as <c>X-Auth-Token</c>.
/// </summary>
public sealed class TackerCli(Uri endpoint, int apiVersion, string workingDirectory, string accessToken)
{
    private readonly NfvMano.Testing.OpenStackCli _cli = new(endpoint, workingDirectory, accessToken);

    /// <summary>Runs <c>openstack vnflcm …</c> at this API version and returns what it exited with and printed.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        _cli.RunAsync(["--os-tacker-api-version", apiVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), "vnflcm", .. args]);

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

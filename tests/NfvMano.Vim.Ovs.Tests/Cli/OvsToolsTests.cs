using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NfvMano.Vim.Ovs.Cli;
using NfvMano.Vim.Ovs.Tests.EndToEnd;

namespace NfvMano.Vim.Ovs.Tests.Cli;

public class OvsToolsTests
{
    [Fact]
    public void FormatCommandLine_QuotesOnlyWhatAShellWouldSplit() =>
        Assert.Equal("ovs-ofctl --bundle add-flows 'in_port=1 actions=drop' 'it'\\''s'",
            OvsTools.FormatCommandLine("ovs-ofctl", ["--bundle", "add-flows", "in_port=1 actions=drop", "it's"]));

    [Fact]
    public async Task Run_WhenTheToolIsMissing_NamesTheCommandAndTheOption()
    {
        var tools = new OvsTools(Options.Create(new OvsOptions { ToolsDirectory = "/nonexistent-ovs-tools" }), NullLogger<OvsTools>.Instance);
        var e = await Assert.ThrowsAsync<OvsCommandException>(() => tools.VsctlAsync(["list-br"], CancellationToken.None));
        Assert.StartsWith("`ovs-vsctl --timeout=30 list-br` did not complete: could not start '/nonexistent-ovs-tools/ovs-vsctl'", e.Message, StringComparison.Ordinal);
        Assert.Contains("NfvMano:Vim:Ovs:ToolsDirectory", e.Message, StringComparison.Ordinal);
    }

    [OvsFact]
    public async Task Run_WhenTheCommandFails_CarriesExitCodeAndStderr()
    {
        var tools = new OvsTools(Options.Create(new OvsOptions { Database = Environment.GetEnvironmentVariable(OvsBridgeFixture.DatabaseVariable) }), NullLogger<OvsTools>.Instance);
        var e = await Assert.ThrowsAsync<OvsCommandException>(() => tools.VsctlAsync(["get", "Interface", "no-such-port", "ofport"], CancellationToken.None));
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("no row \"no-such-port\" in table Interface", e.StandardError, StringComparison.Ordinal);
        Assert.Contains("get Interface no-such-port ofport` exited with code 1: ovs-vsctl: no row", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("br-nfv", true)]
    [InlineData("a-bridge-name-too-long", false)]
    [InlineData("br nfv", false)]
    public void Options_BridgeName_MustBeAnInterfaceName(string bridge, bool valid)
    {
        var options = new OvsOptions { Bridge = bridge };
        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }
}

using NfvMano.Server.Tests;

namespace NfvMano.Vim.OpenStack.Tests;

/// <summary>NfvMano:Vim:Kind and the OpenStack section are checked before anything starts, like every other setting.</summary>
public sealed class VimSelectionStartupTests
{
    [Theory]
    [InlineData("VMware", null, "NfvMano:Vim:Kind")]
    [InlineData("OpenStack", null, "NfvMano:Vim:OpenStack:AuthUrl")]
    [InlineData("OpenStack", "http://127.0.0.1:5000/v2.0", "NfvMano:Vim:OpenStack:AuthUrl")]
    public async Task Start_WithABadVimSetting_ExitsNamingTheKey(string kind, string? authUrl, string expectedKey)
    {
        var environment = new Dictionary<string, string> { ["NfvMano__Vim__Kind"] = kind };
        if (authUrl is not null)
        {
            environment["NfvMano__Vim__OpenStack__AuthUrl"] = authUrl;
            environment["NfvMano__Vim__OpenStack__Username"] = "nfvmano";
            environment["NfvMano__Vim__OpenStack__Password"] = "secret";
            environment["NfvMano__Vim__OpenStack__ProjectName"] = "nfvmano";
        }
        using var process = new ServerProcess(environment);

        var (exitCode, _, stderr) = await process.RunToExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains(expectedKey, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", stderr, StringComparison.Ordinal);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NfvMano.Vim.OpenStack.Tests;

public sealed class OpenStackVimOptionsValidatorTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddNfvManoVimOpenStack();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Validate_WhenPasswordAuthLacksProjectAndUrlIsNotV3_NamesEveryKey()
    {
        await using var sp = Build(new()
        {
            ["NfvMano:Vim:OpenStack:AuthUrl"] = "http://keystone.example:5000/v2.0",
            ["NfvMano:Vim:OpenStack:Username"] = "nfv",
        });
        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<OpenStackVimOptions>>().Value);
        Assert.Contains(e.Failures, f => f.StartsWith("NfvMano:Vim:OpenStack:Password:", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("NfvMano:Vim:OpenStack:ProjectName:", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("NfvMano:Vim:OpenStack:AuthUrl:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_WhenApplicationCredentialIsComplete_ResolvesTheDriver()
    {
        await using var sp = Build(new()
        {
            ["NfvMano:Vim:OpenStack:AuthUrl"] = "http://keystone.example:5000/v3",
            ["NfvMano:Vim:OpenStack:ApplicationCredentialId"] = "ac1",
            ["NfvMano:Vim:OpenStack:ApplicationCredentialSecret"] = "s",
        });
        Assert.IsType<OpenStackVimDriver>(sp.GetRequiredService<IVimDriver>());
    }

    [Fact]
    public void StateOf_MapsNovaStatuses() =>
        Assert.Equal(
            [Vim.Servers.ServerState.Running, Vim.Servers.ServerState.Stopped, Vim.Servers.ServerState.Crashed, Vim.Servers.ServerState.Unknown],
            new[] { "ACTIVE", "SHUTOFF", "ERROR", "BUILD" }.Select(OpenStackVimDriver.StateOf));
}

namespace NfvMano.Vim.Libvirt.Tests;

/// <summary>A driver over a fresh libvirt test-driver host built from the SR-IOV node file fixture.</summary>
internal static class TestDriverHost
{
    internal static LibvirtVimOptions Options(string? capabilitiesFile = "Fixtures/caps-2s-xeon-smt-2m-1g.xml", SriovAttachment sriov = SriovAttachment.HostdevInterface) => new()
    {
        Hosts =
        [
            new LibvirtHostOptions
            {
                Id = SampleServers.Host,
                Uri = Fixture.NodeFileUri(),
                DomainType = "test",
                CapabilitiesFile = capabilitiesFile is null ? null : Fixture.PathOf(capabilitiesFile),
                StoragePool = "nfv-pool",
                SriovAttachment = sriov,
                PhysicalNetworks = new() { ["0000:3b:00.0"] = "physnet-a", ["ens2f0"] = "physnet-b" },
                ProviderBridges = new() { ["physnet-a"] = "br-provider-a" },
            },
        ],
    };

    internal static LibvirtVimDriver Create(string? capabilitiesFile = "Fixtures/caps-2s-xeon-smt-2m-1g.xml", SriovAttachment sriov = SriovAttachment.HostdevInterface) =>
        new(Options(capabilitiesFile, sriov));

    /// <summary>Closes the driver's connections and asserts that nothing still held one.</summary>
    internal static void AssertNoLeaks(LibvirtVimDriver driver) =>
        Assert.All(driver.CloseConnections(), kv => Assert.Equal(0, kv.Value));
}

namespace NfvMano.Vim.Libvirt.Tests;

public sealed class LibvirtVimOptionsValidatorTests
{
    [Fact]
    public void Validate_WhenHostsAreBad_NamesEveryKeyAtOnce()
    {
        var options = new LibvirtVimOptions
        {
            Hosts =
            [
                new LibvirtHostOptions { Id = "a", Uri = "qemu:///system", DomainType = "xen" },
                new LibvirtHostOptions { Id = "a", Uri = "", CapabilitiesFile = "/no/such/caps.xml" },
            ],
        };

        var result = new LibvirtVimOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("NfvMano:Vim:Libvirt:Hosts:0:DomainType:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("NfvMano:Vim:Libvirt:Hosts:1:Uri:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Hosts:1:CapabilitiesFile: '/no/such/caps.xml' does not exist", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("the host id 'a' is used 2 times", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WhenHostsAreGood_Succeeds()
    {
        var options = new LibvirtVimOptions { Hosts = [new LibvirtHostOptions { Id = "a", Uri = "test:///default", DomainType = "test" }] };

        Assert.True(new LibvirtVimOptionsValidator().Validate(null, options).Succeeded);
    }
}

using Microsoft.Extensions.Options;
using NfvMano.Vim.Libvirt;

namespace NfvMano.Server.Vim;

/// <summary>
/// The embedded default VIM: when no libvirt host is configured, three hosts on libvirt's own test
/// driver, each described by a real two-socket server's capabilities (NUMA cells, SMT siblings,
/// 2 MiB and 1 GiB pages) and a node file with two SR-IOV NICs (one per cell) on
/// <c>physnet-data1</c> and <c>physnet-data2</c>. Their state lives in this process: a restart starts
/// them empty, which is what a laptop demo wants and why production configures real hosts.
/// </summary>
internal sealed class EmbeddedVim : IPostConfigureOptions<LibvirtVimOptions>
{
    private static string FileOf(string name) => Path.Combine(AppContext.BaseDirectory, "Vim", "Embedded", name);

    public void PostConfigure(string? name, LibvirtVimOptions options)
    {
        if (options.Hosts.Count > 0)
        {
            return;
        }
        var servers = new[]
        {
            ("embedded-1", "caps-2s-xeon-smt-2m-1g.xml"),
            ("embedded-2", "caps-2s-xeon-smt-2m-1g.xml"),
            ("embedded-3", "caps-2s-epyc-adjacent-siblings.xml"),
        };
        foreach (var (id, capabilities) in servers)
        {
            options.Hosts.Add(new LibvirtHostOptions
            {
                Id = id,
                // Each connection to a node file is a host of its own with fresh state.
                Uri = "test://" + FileOf("node-2numa-sriov.xml"),
                DomainType = "test",
                CapabilitiesFile = FileOf(capabilities),
                StoragePool = "nfv-pool",
                PhysicalNetworks = new() { ["0000:3b:00.0"] = "physnet-data1", ["0000:af:00.0"] = "physnet-data2" },
            });
        }
    }
}

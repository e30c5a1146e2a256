using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NfvMano.Lifecycle.NsLcm.Vnffg;
using NfvMano.Lifecycle.Realisation;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Vim.Libvirt;
using NfvMano.Vim.OpenStack;
using NfvMano.Vim.Ovs;
using NfvMano.Workflows.Steps;

namespace NfvMano.Server.Vim;

/// <summary>Registers the one VIM <c>NfvMano:Vim:Kind</c> selects.</summary>
internal static class VimServiceCollectionExtensions
{
    /// <summary>
    /// libvirt (NfvMano places; the embedded test-driver hosts when none is configured) or OpenStack (Nova places:
    /// the VNFM states requirements and records Nova's placement through <see cref="ISchedulingVim"/>).
    /// </summary>
    /// <remarks>
    /// On libvirt, hosts whose networks are Open vSwitch bridges (<c>Hosts:N:OvsBridge</c>) get their NS VNFFGs steered
    /// as OpenFlow rules on that bridge (<c>NfvMano:Vim:Ovs</c>; its <c>Bridge</c> defaults to the hosts' bridge).
    /// </remarks>
    public static IServiceCollection AddNfvManoVim(this IServiceCollection services, VimKind kind, IConfiguration configuration)
    {
        switch (kind)
        {
            case VimKind.OpenStack:
                services.AddNfvManoVimOpenStack();
                // Secrets protected in configuration are decrypted before the adapter reads its options.
                services.AddSingleton<IPostConfigureOptions<OpenStackVimOptions>, ProtectedOpenStackCredentials>();
                services.TryAddSingleton<ISchedulingVim, OpenStackSchedulingVim>();
                services.PostConfigure<VnfLcmOptions>(o =>
                {
                    o.VimKind = "openstack";
                    // The libvirt default would name the wrong VIM; an operator's own id is kept.
                    if (o.VimConnectionId == new VnfLcmOptions().VimConnectionId)
                    {
                        o.VimConnectionId = "vim-openstack";
                    }
                });
                // The NS LCM plans its VNFFG steps because these are registered: on OpenStack they are networking-sfc's.
                services.TryAddSingleton<OpenStackVnffgRealiser>();
                services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, OpenStackApplyVnffgsStep>());
                services.TryAddEnumerable(ServiceDescriptor.Scoped<IStepHandler, OpenStackRemoveVnffgsStep>());
                break;
            default:
                services.AddNfvManoVimLibvirt();
                services.AddSingleton<IPostConfigureOptions<LibvirtVimOptions>, EmbeddedVim>();
                // The TLS client key of qemu+tls:// hosts is kept protected and given to libvirt only while running.
                services.AddOptions<LibvirtTlsOptions>().BindConfiguration(LibvirtTlsOptions.SectionName);
                services.AddSingleton<LibvirtTlsCredentials>();
                services.AddSingleton<IPostConfigureOptions<LibvirtVimOptions>>(sp => sp.GetRequiredService<LibvirtTlsCredentials>());
                var ovsBridge = configuration.GetSection(LibvirtVimOptions.SectionName + ":Hosts").GetChildren()
                    .Select(h => h["OvsBridge"]).FirstOrDefault(b => !string.IsNullOrWhiteSpace(b));
                if (ovsBridge is not null)
                {
                    services.AddNfvManoVnffgOnOvs();
                    if (string.IsNullOrWhiteSpace(configuration[OvsOptions.SectionName + ":Bridge"]))
                    {
                        services.PostConfigure<OvsOptions>(o => o.Bridge = ovsBridge);
                    }
                }
                break;
        }
        return services;
    }
}

namespace NfvMano.Vim.Libvirt.Tests.EndToEnd;

/// <summary>A fact that needs a real libvirtd: skipped unless <c>NFVMANO_LIBVIRTD_URI</c> is set (tests/support/libvirt/up.sh sets it).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LibvirtdFactAttribute : FactAttribute
{
    public LibvirtdFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NFVMANO_LIBVIRTD_URI")))
        {
            Skip = "NFVMANO_LIBVIRTD_URI is not set: start a real libvirtd with `eval \"$(tests/support/libvirt/up.sh)\"`.";
        }
    }
}

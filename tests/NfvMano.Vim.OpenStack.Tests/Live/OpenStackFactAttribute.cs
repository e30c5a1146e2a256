namespace NfvMano.Vim.OpenStack.Tests.Live;

/// <summary>A test against the real OpenStack that tests/support/openstack/up.sh starts; skipped without it.</summary>
public sealed class OpenStackFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when <c>NFVMANO_OPENSTACK_AUTH_URL</c> is unset.</summary>
    public OpenStackFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NFVMANO_OPENSTACK_AUTH_URL")))
        {
            Skip = "NFVMANO_OPENSTACK_AUTH_URL is not set: start tests/support/openstack/up.sh and eval its output.";
        }
    }
}

using Xunit;

namespace NfvMano.Testing;

/// <summary>
/// A fact that needs Debian's standard OpenStack CLI with the tacker plugin (<c>python3-openstackclient</c>,
/// <c>python3-tackerclient</c>). Skipped with the reason when <c>openstack</c> is not on PATH; <c>tests/run</c>
/// installs both packages and treats a skipped test as a failure.
/// </summary>
public sealed class OpenStackCliFactAttribute : FactAttribute
{
    /// <summary>Skips when the CLI is missing.</summary>
    public OpenStackCliFactAttribute()
    {
        if (OpenStackCli.Executable is null)
        {
            Skip = "needs the 'openstack' CLI: apt-get install python3-openstackclient python3-tackerclient (tests/run does)";
        }
    }
}

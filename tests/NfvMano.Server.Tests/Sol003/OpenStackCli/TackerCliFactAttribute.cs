namespace NfvMano.Server.Tests.Sol003.OpenStackCli;

/// <summary>
/// A fact that needs Debian's standard OpenStack CLI with the tacker plugin (<c>python3-openstackclient</c>,
/// <c>python3-tackerclient</c>). Skipped with the reason when <c>openstack</c> is not on PATH; <c>tests/run</c>
/// installs both packages and treats a skipped test as a failure.
/// </summary>
public sealed class TackerCliFactAttribute : FactAttribute
{
    /// <summary>Skips when the CLI is missing.</summary>
    public TackerCliFactAttribute()
    {
        if (TackerCli.Executable is null)
        {
            Skip = "needs the 'openstack' CLI: apt-get install python3-openstackclient python3-tackerclient (tests/run does)";
        }
    }
}

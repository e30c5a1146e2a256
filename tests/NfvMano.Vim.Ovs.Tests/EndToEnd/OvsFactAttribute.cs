namespace NfvMano.Vim.Ovs.Tests.EndToEnd;

/// <summary>A fact that needs a running Open vSwitch: skipped unless <c>NFVMANO_OVS_DB</c> is set (tests/support/ovs/up.sh sets it).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OvsFactAttribute : FactAttribute
{
    public OvsFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OvsBridgeFixture.DatabaseVariable)))
        {
            Skip = $"{OvsBridgeFixture.DatabaseVariable} is not set: start Open vSwitch in user space with `eval \"$(tests/support/ovs/up.sh)\"`.";
        }
    }
}

using NfvMano.Testing;

namespace NfvMano.EndToEnd.Tests;

/// <summary>
/// A fact that needs the test PostgreSQL cluster and a real libvirtd (both started by
/// <c>tests/run</c>, which treats a skipped test as a failure).
/// </summary>
public sealed class EndToEndFactAttribute : FactAttribute
{
    public const string LibvirtdVariable = "NFVMANO_LIBVIRTD_URI";

    public EndToEndFactAttribute()
    {
        if (TestDatabase.PostgresAdminConnectionString is null || Environment.GetEnvironmentVariable(LibvirtdVariable) is not { Length: > 0 })
        {
            Skip = $"needs {TestDatabase.PostgresVariable} and {LibvirtdVariable}: run tests/run";
        }
    }
}

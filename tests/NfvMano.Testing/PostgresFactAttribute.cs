using Xunit;

namespace NfvMano.Testing;

/// <summary>
/// A fact that needs the test PostgreSQL cluster. Skipped with the reason when none is configured;
/// <c>tests/run</c> always configures one and treats any skipped test as a failure.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when <c>NFVMANO_TEST_POSTGRES</c> is unset.</summary>
    public PostgresFactAttribute()
    {
        if (TestDatabase.PostgresAdminConnectionString is null)
        {
            Skip = $"needs a PostgreSQL cluster: set {TestDatabase.PostgresVariable} or run tests/run";
        }
    }
}

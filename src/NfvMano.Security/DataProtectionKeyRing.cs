using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace NfvMano.Security;

/// <summary>The Data Protection key ring every server process shares through the database.</summary>
public static class DataProtectionKeyRing
{
    /// <summary>
    /// Makes sure the database holds a key, creating one if none exists. Called by <c>migrate</c>: servers started
    /// together on a fresh database would otherwise each create a key of their own and, for a while, refuse the
    /// tokens the others issued.
    /// </summary>
    /// <param name="services">The application's services.</param>
    public static void EnsureKey(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Protecting anything resolves the current key, creating and persisting it when there is none.
        _ = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("NfvMano.Security.KeyRing").Protect([0]);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NfvMano.Persistence;

/// <summary>Registers the NfvMano database for a provider chosen by the caller.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="NfvManoDbContext"/> with the given provider configuration and the
    /// database readiness check and the audit trail. Provider projects call this with their <c>Use…</c> call.
    /// </summary>
    public static IServiceCollection AddNfvManoPersistence(
        this IServiceCollection services, Action<DbContextOptionsBuilder> configureProvider)
    {
        ArgumentNullException.ThrowIfNull(configureProvider);
        services.AddDbContextPool<NfvManoDbContext>(configureProvider);
        services.TryAddScoped<DatabaseReadinessCheck>();
        services.TryAddSingleton<Audit.AuditTrail>();
        return services;
    }
}

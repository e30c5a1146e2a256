using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NfvMano.Api.Sol013;

/// <summary>Registers the SOL013 conventions shared by every NfvMano API.</summary>
public static class Sol013ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SOL013 pieces: the API registry, ProblemDetails for every error (writer and exception handler),
    /// options (<c>NfvMano:Sol013</c>, validated at start) and binding errors raised as exceptions so they
    /// reach the exception handler with their reason. Uses <c>TryAdd*</c>, so a caller can replace a piece.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddNfvManoSol013(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<Sol013Options>()
            .BindConfiguration(Sol013Options.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton<ApiVersionRegistry>();

        // First of all writers, even when AddProblemDetails ran before: the problem service uses the first writer
        // that accepts, and the default one leaves detail empty and refuses when Accept names no JSON type.
        if (!services.Any(d => d.ServiceType == typeof(IProblemDetailsWriter) && d.ImplementationType == typeof(Sol013ProblemDetailsWriter)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, Sol013ProblemDetailsWriter>());
        }

        services.AddProblemDetails();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, Sol013ExceptionHandler>());

        // Without this, minimal APIs answer unreadable bodies with an empty 400 and the reason only in the log.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}

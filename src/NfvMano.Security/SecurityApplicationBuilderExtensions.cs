using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Security.Audit;
using NfvMano.Security.Authorization;
using NfvMano.Security.Limits;
using NfvMano.Security.Configuration;
using NfvMano.Security.Tokens;

namespace NfvMano.Security;

/// <summary>Adds API security to the request pipeline and maps the token endpoint.</summary>
public static partial class SecurityApplicationBuilderExtensions
{
    /// <summary>
    /// Adds, in order: <c>X-Auth-Token</c> accepted as a bearer token, the rate limiter (before authentication, so
    /// that a flood of token requests is refused before any secret is checked), the request size limit,
    /// authentication (OpenIddict also answers <c>/oauth2/token</c> errors and discovery here), the marking of an
    /// administrator's reads as reads of every tenant, and authorization. (The audit middleware is already in
    /// front of the whole pipeline: <see cref="SecurityServiceCollectionExtensions.AddNfvManoSecurity"/>.) Call it after the SOL013
    /// middleware, so that its exception handler and problem pages cover these too. Logs a warning when the
    /// development no-auth mode is on.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static IApplicationBuilder UseNfvManoSecurity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (options.Mode == SecurityMode.Disabled)
        {
            var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("NfvMano.Security");
            LogNoAuth(logger, options.DisabledTenant);
        }

        app.UseMiddleware<XAuthTokenMiddleware>();
        app.UseRateLimiter();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<AdministratorReadsMiddleware>();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Maps the token endpoint (<c>POST /oauth2/token</c>) and the admin API (<c>GET /admin/v1/audit</c>).</summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapNfvManoSecurity(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapTokenEndpoint();
        endpoints.MapAdminV1();
        return endpoints;
    }

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning,
        Message = "SECURITY DISABLED (NfvMano:Security:Mode=Disabled): every request acts as tenant {Tenant} with every scope, without any credential. Development only.")]
    private static partial void LogNoAuth(ILogger logger, string tenant);
}

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Api.Limits;
using NfvMano.Persistence;
using NfvMano.Security.Audit;
using NfvMano.Security.Authorization;
using NfvMano.Security.Clients;
using NfvMano.Security.Configuration;
using NfvMano.Security.Limits;
using NfvMano.Security.Secrets;
using NfvMano.Security.Tokens;
using OpenIddict.Validation.AspNetCore;

namespace NfvMano.Security;

/// <summary>Registers API security: OAuth 2.0 client credentials served by the platform, scopes, tenants.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>The Data Protection application name shared by every server process on one database.</summary>
    public const string DataProtectionApplicationName = "NfvMano";

    /// <summary>
    /// Adds OpenIddict (server: token endpoint <c>/oauth2/token</c> for the client credentials grant, discovery at
    /// <c>/.well-known/openid-configuration</c>; validation of the tokens it issues), the Data Protection key ring
    /// in the database, the scope policy applied to every endpoint that does not allow anonymous access, the
    /// rate limits of the token endpoint and of content uploads, the audit of every state-changing request,
    /// protected configuration secrets, the OAuth 2.0 scheme in the OpenAPI document, and the seeding of
    /// configured clients. <paramref name="options"/> were read
    /// and validated by the caller (section <see cref="SecurityOptions.Section"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The security options.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddNfvManoSecurity(this IServiceCollection services, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));

        // Tokens are Data Protection payloads: every process reading the key ring from the database can validate
        // what any other issued, with no per-process key (ADR 0005).
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<NfvManoDbContext>();

        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<NfvManoDbContext>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenEndpoint.Path.TrimStart('/'));
                o.AllowClientCredentialsFlow();
                o.RegisterScopes([.. ApiScopes.All]);
                o.SetAccessTokenLifetime(options.AccessTokenLifetime);

                // Self-contained tokens: nothing to store per token, nothing to prune.
                o.DisableTokenStorage();
                o.UseDataProtection();

                // OpenIddict insists on signing and encryption credentials even when every token it issues is a
                // Data Protection payload; these protect nothing that leaves the process (no JWT, no JWKS endpoint).
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();

                // No JWT leaves the server, so no key set is published: a per-process key would only mislead.
                o.Configure(server => server.JsonWebKeySetEndpointUris.Clear());

                var aspNetCore = o.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (!options.RequireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseDataProtection();
                o.UseAspNetCore();
            });

        var authentication = options.Mode == SecurityMode.Disabled
            ? services.AddAuthentication(NoAuthHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, NoAuthHandler>(NoAuthHandler.SchemeName, null)
            : services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        _ = authentication;

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .AddRequirements(new ApiScopeRequirement())
                .Build());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ApiScopeHandler>());
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RateLimitProblem.WriteAsync;
            o.AddPolicy(TokenEndpoint.RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.TokenRequestsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            // Uploads are marked by their endpoints (ContentUpload) rather than named here, so new ones are covered.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.GetEndpoint()?.Metadata.GetMetadata<ContentUpload>() is null
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        "upload " + (http.Connection.RemoteIpAddress?.ToString() ?? "local"),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = options.UploadsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });

        // Every state-changing request is audited, including those refused before authentication.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, AuditStartupFilter>());
        services.AddHostedService<AuditRetention>();
        services.TryAddSingleton<ProtectedSecrets>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<LoggerFilterOptions>, NoTokensInLogs>());
        services.ConfigureAll<OpenApiOptions>(o => o.AddDocumentTransformer<OAuthSecuritySchemeTransformer>());

        services.TryAddScoped<ClientRegistrar>();
        services.AddHostedService<ConfiguredClientsSeeder>();
        return services;
    }
}

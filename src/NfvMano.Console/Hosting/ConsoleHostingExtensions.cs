using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using NfvMano.Console.Accounts;
using NfvMano.Console.Components;
using NfvMano.Console.Data;
using NfvMano.Persistence.Console;

namespace NfvMano.Console.Hosting;

/// <summary>Hosts the operator web console (Blazor interactive server rendering, MudBlazor) in the server.</summary>
public static class ConsoleHostingExtensions
{
    /// <summary>The authorization policy of console endpoints: the console cookie, nothing else.</summary>
    public const string Policy = "NfvManoConsole";

    /// <summary>
    /// Adds the console: Razor components with interactive server rendering, MudBlazor, the cookie scheme
    /// <see cref="ConsoleAuthentication.Scheme"/> (the default scheme stays the APIs' bearer tokens), operator
    /// accounts, and the creation of the first admin at start. Options from <see cref="ConsoleOptions.Section"/>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddNfvManoConsole(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Serve the console's and MudBlazor's files from the build output in every environment; a published
        // server has them under wwwroot and this finds no manifest and does nothing.
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, ConsoleAuthenticationStateProvider>();

        services.AddAuthentication().AddCookie(ConsoleAuthentication.Scheme, o =>
        {
            o.Cookie.Name = ConsoleAuthentication.CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.LoginPath = ConsoleAuthentication.SignInPath;
            o.LogoutPath = "/signout";
        });
        services.AddOptions<CookieAuthenticationOptions>(ConsoleAuthentication.Scheme)
            .Configure<IOptions<ConsoleOptions>>((cookie, console) => cookie.ExpireTimeSpan = console.Value.SessionIdleTimeout);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(ConsoleAuthentication.Scheme)
            .RequireAuthenticatedUser());

        services.TryAddSingleton<IPasswordHasher<OperatorAccountEntity>, PasswordHasher<OperatorAccountEntity>>();
        services.TryAddScoped<OperatorAccounts>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<ConsoleSession>();
        services.TryAddScoped<ConsoleData>();
        services.TryAddSingleton<HostCpus>();
        services.TryAddScoped<HostMap>();
        services.TryAddScoped<DashboardData>();
        services.TryAddScoped<InstanceData>();
        services.TryAddScoped<NsData>();
        services.TryAddScoped<ApiAdminData>();
        services.AddHostedService<InitialAdminSeeder>();
        return builder;
    }

    /// <summary>
    /// Maps the console's pages (at the site root: <c>/</c>, <c>/catalogue</c>, <c>/catalogue/nsds</c>, <c>/instances</c>, <c>/ns</c>,
    /// <c>/hosts</c>, <c>/admin/accounts</c>, <c>/admin/api</c>, …),
    /// its circuit hub and static files, with security headers and antiforgery. The endpoints authenticate with the
    /// console cookie only and let anonymous requests through to the pages, which send them to sign in.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapNfvManoConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var marker = new ConsoleEndpointMetadata();
        app.UseMiddleware<ConsoleSecurityHeaders>();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous().WithMetadata(marker);
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = "'none'")
            // The policy only picks the console cookie as the way to authenticate; pages decide where an anonymous
            // visitor goes (sign-in), rather than the APIs' 401 problem answer.
            .RequireAuthorization(Policy)
            .AllowAnonymous()
            .WithMetadata(marker);
        return app;
    }
}

using Microsoft.AspNetCore.Builder;

namespace NfvMano.Api.Sol013;

/// <summary>Adds the SOL013 middleware to the request pipeline.</summary>
public static class Sol013ApplicationBuilderExtensions
{
    /// <summary>
    /// Adds, in order: the exception handler (every exception becomes a ProblemDetails), status code pages
    /// (empty 4xx/5xx such as 404 for unknown routes and 405 become ProblemDetails), the <c>Version</c> header
    /// handling of registered API roots, and the 406/415 content negotiation. Call it before mapping endpoints;
    /// with <see cref="WebApplication"/> routing runs first, so the matched endpoint's metadata is known here.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static IApplicationBuilder UseNfvManoSol013(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<VersionHeaderMiddleware>();
        app.UseMiddleware<ContentNegotiationMiddleware>();
        return app;
    }
}

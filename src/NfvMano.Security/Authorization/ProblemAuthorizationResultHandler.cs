using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace NfvMano.Security.Authorization;

/// <summary>
/// Answers refused requests as SOL013 asks of every error: a ProblemDetails (<c>application/problem+json</c>, with
/// status and detail), plus the RFC 6750 <c>WWW-Authenticate</c> challenge: 401 when no valid token came, 403
/// (<c>insufficient_scope</c>) when the token lacks the API's scope.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            var presented = context.Request.Headers.Authorization.Count > 0;
            var detail = presented
                ? "The access token is invalid or expired; get a new one from POST /oauth2/token."
                : "No access token: send 'Authorization: Bearer <token>' or 'X-Auth-Token: <token>' with a token from POST /oauth2/token (OAuth 2.0 client credentials).";
            context.Response.Headers.WWWAuthenticate = presented
                ? "Bearer realm=\"nfvmano\", error=\"invalid_token\", error_description=\"The access token is invalid or expired.\""
                : "Bearer realm=\"nfvmano\"";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, detail);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [];
            var detail = reasons.Count > 0 ? string.Join(" ", reasons) : "The access token does not allow this request.";
            var (_, anyOf) = ApiScopeRequirement.ScopesFor(context);
            context.Response.Headers.WWWAuthenticate = anyOf.Count > 0
                ? $"Bearer realm=\"nfvmano\", error=\"insufficient_scope\", scope=\"{string.Join(' ', anyOf)}\""
                : "Bearer realm=\"nfvmano\", error=\"insufficient_scope\"";
            await WriteAsync(context, StatusCodes.Status403Forbidden, detail);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private async Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }
}

using Microsoft.AspNetCore.Http;

namespace NfvMano.Security.Authorization;

/// <summary>
/// The OpenStack clients (tackerclient, openstackclient) send their token in <c>X-Auth-Token</c>; this presents
/// it as <c>Authorization: Bearer</c> so the same access token is accepted in either header. An
/// <c>Authorization</c> header, when present, wins.
/// </summary>
internal sealed class XAuthTokenMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Auth-Token";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.Authorization.Count == 0 && headers.TryGetValue(HeaderName, out var token) && token.Count == 1 && !string.IsNullOrWhiteSpace(token[0]))
        {
            headers.Authorization = "Bearer " + token[0]!.Trim();
        }

        return next(context);
    }
}

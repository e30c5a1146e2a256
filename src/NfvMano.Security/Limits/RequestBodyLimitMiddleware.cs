using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NfvMano.Api.Limits;
using NfvMano.Security.Configuration;

namespace NfvMano.Security.Limits;

/// <summary>
/// The request size limit of every endpoint but content uploads (<see cref="ContentUpload"/>, which have the
/// catalogue's larger limit): a declared length above <see cref="SecurityOptions.MaxRequestBodyBytes"/> is refused
/// with a 413 ProblemDetails before anything is read or authenticated, and the server stops reading a chunked body
/// at that size.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<SecurityOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ContentUpload>() is not null)
        {
            await next(context);
            return;
        }

        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength is { } length && length > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Detail = $"The request body has {length} bytes, more than the limit of {limit} bytes (NfvMano:Security:MaxRequestBodyBytes); package and NSD content uploads have their own limit (NfvMano:Catalogue:MaxContentBytes).",
                },
            });
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        await next(context);
    }
}

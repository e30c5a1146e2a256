using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using NfvMano.Api.Sol013;

namespace NfvMano.Api.Sol005;

/// <summary>
/// The body of a content upload (<c>PUT …/package_content</c>, <c>PUT …/nsd_content</c>): either the raw body, or
/// the first file part of a <c>multipart/form-data</c> body (how some clients upload). The server's request size
/// limit is raised to the catalogue's own limit for these endpoints; the catalogue enforces it while reading.
/// </summary>
internal static class UploadedContent
{
    public static async Task<(Stream Body, string ContentType)> OpenAsync(HttpRequest request, long maxBytes, string defaultType, CancellationToken cancellationToken)
    {
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength is { } length && length > maxBytes)
        {
            throw new HttpProblem(StatusCodes.Status413PayloadTooLarge, $"The content has {length} bytes, more than the limit of {maxBytes} bytes.");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (request.Body, type?.MediaType.Value ?? defaultType);
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new BadRequestProblem("The multipart/form-data body has no boundary.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
            {
                var partType = MediaTypeHeaderValue.TryParse(section.ContentType, out var t) ? t.MediaType.Value! : defaultType;
                return (section.Body, partType == "application/octet-stream" ? defaultType : partType);
            }
        }

        throw new BadRequestProblem("The multipart/form-data body has no file part; send the archive as a file part or as the raw body.");
    }
}

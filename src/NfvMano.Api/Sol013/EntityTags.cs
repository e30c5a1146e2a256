using System.Buffers.Text;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace NfvMano.Api.Sol013;

/// <summary>
/// Strong entity tags from a resource's version, and the <c>If-Match</c> check SOL013 uses for optimistic
/// concurrency on PATCH/PUT/DELETE (412 when stale, optionally 428 when missing).
/// </summary>
public static class EntityTags
{
    /// <summary>A strong ETag (<c>"42"</c>) from a numeric version such as a row version or <c>xmin</c>.</summary>
    /// <param name="version">The version.</param>
    public static string FromVersion(long version) => Quote(version.ToString(CultureInfo.InvariantCulture));

    /// <summary>A strong ETag from a binary row version (base64url inside the quotes).</summary>
    /// <param name="rowVersion">The row version bytes.</param>
    public static string FromVersion(ReadOnlySpan<byte> rowVersion) => Quote(Base64Url.EncodeToString(rowVersion));

    /// <summary>A strong ETag from an opaque version token (e.g. a GUID concurrency stamp).</summary>
    /// <param name="token">The token; must not contain <c>"</c>, whitespace or control characters.</param>
    public static string FromToken(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (token.Any(c => c == '"' || c <= ' ' || c == 0x7F))
        {
            throw new ArgumentException($"'{token}' cannot be an entity tag: it contains a quote, space or control character.", nameof(token));
        }

        return Quote(token);
    }

    /// <summary>Sets the <c>ETag</c> response header.</summary>
    /// <param name="response">The response.</param>
    /// <param name="etag">A strong ETag as made by this class.</param>
    public static void SetETag(HttpResponse response, string etag)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ETag = etag;
    }

    /// <summary>
    /// Checks the request's <c>If-Match</c> against the resource's current ETag (strong comparison, RFC 9110
    /// 13.1.1; <c>*</c> matches any existing resource). Passes when the header is absent unless
    /// <paramref name="required"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="currentETag">The resource's current strong ETag.</param>
    /// <param name="required">Whether a missing <c>If-Match</c> is a 428.</param>
    /// <exception cref="PreconditionFailedProblem">No tag in <c>If-Match</c> matches (412).</exception>
    /// <exception cref="PreconditionRequiredProblem"><paramref name="required"/> and no <c>If-Match</c> (428).</exception>
    /// <exception cref="BadRequestProblem">The header is not a list of entity tags.</exception>
    public static void CheckIfMatch(HttpRequest request, string currentETag, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(currentETag);
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            if (required)
            {
                throw new PreconditionRequiredProblem(
                    $"{request.Method} {request.Path} requires an 'If-Match' header with the resource's ETag (currently {currentETag}); GET the resource first.");
            }

            return;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags) || tags.Count == 0)
        {
            throw new BadRequestProblem($"The 'If-Match' header '{header}' is not a list of entity tags such as \"42\".");
        }

        var current = EntityTagHeaderValue.Parse(currentETag);
        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: true)))
        {
            return;
        }

        throw new PreconditionFailedProblem(
            $"The resource has changed: 'If-Match: {header}' does not match its current ETag {currentETag}. GET it again and retry with the new ETag.");
    }

    private static string Quote(string opaque) => "\"" + opaque + "\"";
}

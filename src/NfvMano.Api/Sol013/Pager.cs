using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Net.Http.Headers;

namespace NfvMano.Api.Sol013;

/// <summary>SOL013 paging (clause 5.4): slicing an ordered result and the <c>Link: &lt;…&gt;; rel="next"</c> header.</summary>
public static class Pager
{
    /// <summary>The query parameter that carries the marker.</summary>
    public const string MarkerParameter = "nextpage_opaque_marker";

    /// <summary>
    /// Takes the page that starts at <paramref name="marker"/> (or the first page) from an ordered sequence.
    /// Following the returned markers from the first page visits every item exactly once, in order, while the
    /// sequence does not change; when it changes, the next page starts after the last item returned.
    /// </summary>
    /// <typeparam name="T">Item type.</typeparam>
    /// <param name="ordered">The items in a stable order.</param>
    /// <param name="marker">Where to start, or <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">Maximum number of items per page (at least 1).</param>
    /// <param name="key">Identifies an item (unique within the sequence).</param>
    public static Page<T> Slice<T>(IEnumerable<T> ordered, PageMarker? marker, int pageSize, Func<T, string?> key)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);

        var items = ordered as IReadOnlyList<T> ?? ordered.ToList();
        var start = marker is { } m ? StartOf(items, m, key) : 0;
        var count = Math.Min(pageSize, items.Count - start);
        var page = new T[count];
        for (var i = 0; i < count; i++)
        {
            page[i] = items[start + i];
        }

        var end = start + count;
        PageMarker? next = end < items.Count && count > 0 ? new PageMarker(end, key(page[^1])) : null;
        return new Page<T>(page, next);
    }

    /// <summary>
    /// The absolute URI of the next page: the request's URI with every query parameter kept exactly as sent
    /// (bare keys stay bare) and <c>nextpage_opaque_marker</c> set to <paramref name="next"/>.
    /// </summary>
    /// <param name="request">The current request.</param>
    /// <param name="next">The marker of the next page.</param>
    public static string NextPageUri(HttpRequest request, PageMarker next)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        var kept = raw.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !string.Equals(Uri.UnescapeDataString(p.Split('=', 2)[0]), MarkerParameter, StringComparison.Ordinal))
            .Append($"{MarkerParameter}={Uri.EscapeDataString(next.Encode())}");
        var query = QueryString.FromUriComponent("?" + string.Join('&', kept));
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, query);
    }

    /// <summary>Sets <c>Link: &lt;next page URI&gt;; rel="next"</c> on the response.</summary>
    /// <param name="context">The current request's context.</param>
    /// <param name="next">The marker of the next page.</param>
    public static void SetNextLink(HttpContext context, PageMarker next)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.Append(HeaderNames.Link, $"<{NextPageUri(context.Request, next)}>; rel=\"next\"");
    }

    /// <summary>Reads the marker of the request, or <see langword="null"/> for the first page.</summary>
    /// <param name="request">The current request.</param>
    /// <exception cref="BadRequestProblem">The marker is invalid.</exception>
    public static PageMarker? MarkerOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Query.TryGetValue(MarkerParameter, out var values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            throw new BadRequestProblem($"The query parameter '{MarkerParameter}' is given {values.Count} times; give it once.");
        }

        return PageMarker.Decode(values[0] ?? string.Empty);
    }

    private static int StartOf<T>(IReadOnlyList<T> items, PageMarker marker, Func<T, string?> key)
    {
        var offset = marker.Offset;
        if (marker.LastKey is null)
        {
            return Math.Min(offset, items.Count);
        }

        // Fast path: nothing changed before the marker.
        if (offset > 0 && offset <= items.Count && key(items[offset - 1]) == marker.LastKey)
        {
            return offset;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (key(items[i]) == marker.LastKey)
            {
                return i + 1;
            }
        }

        // The last item returned is gone: resume at the same position rather than restarting.
        return Math.Min(offset, items.Count);
    }
}

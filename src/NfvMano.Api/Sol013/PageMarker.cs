using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace NfvMano.Api.Sol013;

/// <summary>
/// The content of a SOL013 <c>nextpage_opaque_marker</c> (clause 5.4): where the next page starts, as an
/// offset into the ordered result plus the key of the last item already returned. The key makes paging
/// robust to inserts and deletes before the marker: the next page starts right after that item wherever it
/// now is. Encoded as base64url so it is opaque and URL-safe.
/// </summary>
/// <param name="Offset">Number of items of the ordered, filtered result already returned.</param>
/// <param name="LastKey">Key of the last item already returned, or <see langword="null"/>.</param>
public readonly record struct PageMarker(int Offset, string? LastKey)
{
    private const string Tag = "p1";

    /// <summary>The opaque text for the <c>nextpage_opaque_marker</c> query parameter.</summary>
    public string Encode()
    {
        var plain = $"{Tag}|{Offset.ToString(CultureInfo.InvariantCulture)}|{LastKey}";
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(plain));
    }

    /// <summary>Decodes a marker a client sent back.</summary>
    /// <param name="text">The query parameter value.</param>
    /// <returns>The marker.</returns>
    /// <exception cref="BadRequestProblem">The text is not a marker this server issued.</exception>
    public static PageMarker Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string plain;
        try
        {
            plain = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException ex)
        {
            throw Invalid(text, "it is not base64url", ex);
        }

        var parts = plain.Split('|', 3);
        if (parts.Length != 3 || parts[0] != Tag)
        {
            throw Invalid(text, "it was not issued by this server");
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            throw Invalid(text, "its offset is not a non-negative number");
        }

        return new PageMarker(offset, parts[2].Length == 0 ? null : parts[2]);
    }

    private static BadRequestProblem Invalid(string text, string why, Exception? inner = null) =>
        new($"The query parameter 'nextpage_opaque_marker' value '{text}' is invalid: {why}. " +
            "Follow the URI of the Link header with rel=\"next\" from the previous page unchanged.", inner);
}

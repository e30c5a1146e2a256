namespace NfvMano.Placement.Requests;

/// <summary>A page size wish: a kind, and the size in KiB for <see cref="PageSizeKind.Explicit"/>.</summary>
/// <param name="Kind">Small, large, any or explicit.</param>
/// <param name="SizeKiB">The page size for explicit requests; 0 otherwise.</param>
public sealed record PageSizeRequest(PageSizeKind Kind, long SizeKiB = 0)
{
    /// <summary>The 4 KiB page size.</summary>
    public const long SmallPageKiB = 4;

    /// <summary>4 KiB pages.</summary>
    public static PageSizeRequest Small { get; } = new(PageSizeKind.Small);

    /// <summary>Any huge page size.</summary>
    public static PageSizeRequest Large { get; } = new(PageSizeKind.Large);

    /// <summary>Any page size.</summary>
    public static PageSizeRequest Any { get; } = new(PageSizeKind.Any);

    /// <summary>Exactly the given size (4 means small).</summary>
    public static PageSizeRequest Of(long sizeKiB) =>
        sizeKiB == SmallPageKiB ? Small : new(PageSizeKind.Explicit, sizeKiB);

    /// <summary>Parses <c>small</c>, <c>large</c>, <c>any</c> or a size in KiB.</summary>
    /// <exception cref="FormatException">The text is none of these.</exception>
    public static PageSizeRequest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text switch
        {
            "small" => Small,
            "large" => Large,
            "any" => Any,
            _ when long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var kib) && kib >= SmallPageKiB => Of(kib),
            _ => throw new FormatException($"page size '{text}' is not small, large, any or a size in KiB of at least 4"),
        };
    }

    /// <summary>Whether a page size satisfies this wish.</summary>
    public bool Allows(long sizeKiB) => Kind switch
    {
        PageSizeKind.Small => sizeKiB == SmallPageKiB,
        PageSizeKind.Large => sizeKiB != SmallPageKiB,
        PageSizeKind.Any => true,
        _ => sizeKiB == SizeKiB,
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        PageSizeKind.Explicit => FormatSize(SizeKiB) + " pages",
        PageSizeKind.Small => "4 KiB pages",
        PageSizeKind.Large => "huge pages",
        _ => "pages of any size",
    };

    /// <summary>Formats a page size for people: 4 KiB, 2 MiB, 1 GiB.</summary>
    public static string FormatSize(long sizeKiB) =>
        sizeKiB % (1024 * 1024) == 0 ? $"{sizeKiB / (1024 * 1024)} GiB"
        : sizeKiB % 1024 == 0 ? $"{sizeKiB / 1024} MiB"
        : $"{sizeKiB} KiB";
}

namespace NfvMano.Placement.Requests;

/// <summary>Which backing pages a guest's memory may use (Nova's <c>hw:mem_page_size</c>).</summary>
public enum PageSizeKind
{
    /// <summary>4 KiB pages only.</summary>
    Small,

    /// <summary>Any huge page size.</summary>
    Large,

    /// <summary>Any size, small included.</summary>
    Any,

    /// <summary>Exactly <see cref="PageSizeRequest.SizeKiB"/>.</summary>
    Explicit,
}

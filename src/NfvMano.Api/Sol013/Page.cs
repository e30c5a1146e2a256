namespace NfvMano.Api.Sol013;

/// <summary>One page of an ordered result.</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">The items of this page, in order.</param>
/// <param name="Next">The marker of the next page, or <see langword="null"/> when this is the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, PageMarker? Next);

using System.ComponentModel.DataAnnotations;

namespace NfvMano.Api.Sol013;

/// <summary>Settings of the SOL013 conventions, bound from the <c>NfvMano:Sol013</c> configuration section.</summary>
public sealed class Sol013Options
{
    /// <summary>The configuration section.</summary>
    public const string Section = "NfvMano:Sol013";

    /// <summary>Maximum number of items in one page of a list response (<c>NfvMano:Sol013:PageSize</c>).</summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = 100;
}

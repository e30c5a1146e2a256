namespace NfvMano.Api.Sol013;

/// <summary>
/// What an API defines per resource type for SOL013 attribute selectors and paging: the complex attributes
/// that <c>exclude_default</c> (and the absence of any selector) leaves out, the ones that are never left
/// out, and the attribute that identifies an item for the paging marker.
/// </summary>
public sealed class ResourceProfile
{
    private static readonly string[] DefaultAlwaysIncluded = ["id", "_links"];

    /// <summary>Creates a profile.</summary>
    /// <param name="name">Resource type name, used in messages (e.g. <c>VnfPkgInfo</c>).</param>
    public ResourceProfile(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Resource type name, used in messages.</summary>
    public string Name { get; }

    /// <summary>
    /// Attribute paths (<c>a/b</c>) of the complex attributes excluded by <c>exclude_default</c>, which is
    /// also what a GET without any selector gets (SOL013 5.3.2), e.g. <c>softwareImages</c> for a VNF package.
    /// </summary>
    public IReadOnlyCollection<string> DefaultExcluded { get; init; } = [];

    /// <summary>
    /// Attribute paths of complex attributes never removed by <c>fields</c> (mandatory ones such as
    /// <c>_links</c>); <c>id</c> and <c>_links</c> unless set otherwise. Simple attributes are never removed.
    /// </summary>
    public IReadOnlyCollection<string> AlwaysIncluded { get; init; } = DefaultAlwaysIncluded;

    /// <summary>Top-level attribute whose value identifies an item in the paging marker; <c>id</c> by default.</summary>
    public string KeyAttribute { get; init; } = "id";
}

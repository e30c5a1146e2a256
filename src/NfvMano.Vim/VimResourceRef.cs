namespace NfvMano.Vim;

/// <summary>Names a resource on one host of a VIM.</summary>
/// <param name="HostId">The host identifier from the VIM configuration.</param>
/// <param name="Name">The resource name, unique per kind on that host.</param>
public sealed record VimResourceRef(string HostId, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{HostId}/{Name}";
}

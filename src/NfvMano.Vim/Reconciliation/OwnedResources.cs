using NfvMano.Vim.Networks;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;

namespace NfvMano.Vim.Reconciliation;

/// <summary>Everything a VIM holds that this MANO created.</summary>
/// <param name="Servers">Servers carrying our ownership record.</param>
/// <param name="Networks">Our networks.</param>
/// <param name="Volumes">Our volumes.</param>
/// <param name="Images">Our images.</param>
public sealed record OwnedResources(
    IReadOnlyList<VimServer> Servers,
    IReadOnlyList<VimNetwork> Networks,
    IReadOnlyList<VimVolume> Volumes,
    IReadOnlyList<VimImage> Images);

/// <summary>What the database says should exist.</summary>
/// <param name="Servers">Servers that should exist.</param>
/// <param name="Networks">Networks that should exist.</param>
/// <param name="Volumes">Volumes that should exist.</param>
/// <param name="Images">Images that should exist.</param>
public sealed record ExpectedResources(
    IReadOnlySet<VimResourceRef> Servers,
    IReadOnlySet<VimResourceRef> Networks,
    IReadOnlySet<VimResourceRef> Volumes,
    IReadOnlySet<VimResourceRef> Images)
{
    /// <summary>Nothing is expected.</summary>
    public static ExpectedResources None { get; } = new(
        new HashSet<VimResourceRef>(), new HashSet<VimResourceRef>(), new HashSet<VimResourceRef>(), new HashSet<VimResourceRef>());
}

namespace NfvMano.Server.Vim;

/// <summary>Which VIM the server drives; bound from <c>NfvMano:Vim</c>.</summary>
internal sealed class VimSelection
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "NfvMano:Vim";

    /// <summary>The VIM technology: <see cref="VimKind.Libvirt"/> (the default) or <see cref="VimKind.OpenStack"/>.</summary>
    public VimKind Kind { get; set; } = VimKind.Libvirt;
}

/// <summary>The VIM technologies the server can drive.</summary>
internal enum VimKind
{
    /// <summary>libvirt hosts (<c>NfvMano:Vim:Libvirt</c>); the embedded test-driver hosts when none is configured. NfvMano places.</summary>
    Libvirt,

    /// <summary>One OpenStack region (<c>NfvMano:Vim:OpenStack</c>). Nova places; NfvMano records where.</summary>
    OpenStack,
}

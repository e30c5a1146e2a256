namespace NfvMano.Vim.Storage;

/// <summary>A volume on one host.</summary>
/// <param name="HostId">The host.</param>
/// <param name="Name">The volume name, unique on the host.</param>
/// <param name="CapacityBytes">Its virtual size.</param>
/// <param name="BaseImage">An image to overlay (copy-on-write), or null for an empty volume.</param>
public sealed record VolumeSpec(string HostId, string Name, long CapacityBytes, string? BaseImage = null);

/// <summary>A software image to import into a host's image store.</summary>
/// <param name="HostId">The host.</param>
/// <param name="Name">The image name, unique on the host.</param>
/// <param name="SourcePath">A local file holding the image.</param>
/// <param name="Format">The disk format of the file (<c>qcow2</c> or <c>raw</c>).</param>
public sealed record ImageSpec(string HostId, string Name, string SourcePath, string Format = "qcow2");

/// <summary>A volume as the VIM has it.</summary>
/// <param name="Ref">Where it is.</param>
/// <param name="Path">Its path on the host.</param>
/// <param name="CapacityBytes">Its virtual size.</param>
public sealed record VimVolume(VimResourceRef Ref, string Path, long CapacityBytes);

/// <summary>An image as the VIM has it.</summary>
/// <param name="Ref">Where it is.</param>
/// <param name="Path">Its path on the host.</param>
/// <param name="SizeBytes">Its size.</param>
public sealed record VimImage(VimResourceRef Ref, string Path, long SizeBytes);

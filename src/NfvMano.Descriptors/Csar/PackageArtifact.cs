namespace NfvMano.Descriptors.Csar;

/// <summary>A file of the package that is not a definitions file: indexed, never held in memory.</summary>
/// <param name="Path">Path inside the package.</param>
/// <param name="Size">Uncompressed size in bytes.</param>
/// <param name="Algorithm">Digest algorithm of <paramref name="Hash"/> (the manifest's when listed, else SHA-256).</param>
/// <param name="Hash">Lower-case hex digest, computed while reading.</param>
/// <param name="ListedInManifest">True when the manifest lists this file (and its digest was verified if given).</param>
public sealed record PackageArtifact(string Path, long Size, string Algorithm, string Hash, bool ListedInManifest);

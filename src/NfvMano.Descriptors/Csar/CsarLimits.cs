using NfvMano.Descriptors.Tosca;

namespace NfvMano.Descriptors.Csar;

/// <summary>Bounds that keep reading a hostile package cheap; every one is checked before or while bytes are read.</summary>
/// <param name="MaxArchiveBytes">Largest archive accepted (when the stream must be buffered).</param>
/// <param name="MaxEntries">Most entries in the archive.</param>
/// <param name="MaxEntryBytes">Largest uncompressed size of one entry.</param>
/// <param name="MaxTotalBytes">Largest uncompressed size of all entries together.</param>
/// <param name="MaxCompressionRatio">Highest uncompressed/compressed ratio of an entry larger than <paramref name="RatioCheckThresholdBytes"/>.</param>
/// <param name="RatioCheckThresholdBytes">Entries smaller than this are not ratio-checked (tiny files compress well legitimately).</param>
/// <param name="Yaml">Limits per YAML file.</param>
/// <param name="RequireManifest">
/// Reject a package without a manifest (.mf), as SOL004 demands. Off by default: many published packages
/// (Tacker's among them) carry none, or keep their digests in TOSCA.meta, which is verified instead.
/// </param>
public sealed record CsarLimits(
    long MaxArchiveBytes,
    int MaxEntries,
    long MaxEntryBytes,
    long MaxTotalBytes,
    double MaxCompressionRatio,
    long RatioCheckThresholdBytes,
    YamlLimits Yaml,
    bool RequireManifest = false)
{
    /// <summary>Defaults sized for VNF packages that carry VM images.</summary>
    public static CsarLimits Default { get; } = new(
        MaxArchiveBytes: 4L * 1024 * 1024 * 1024,
        MaxEntries: 10_000,
        MaxEntryBytes: 4L * 1024 * 1024 * 1024,
        MaxTotalBytes: 8L * 1024 * 1024 * 1024,
        MaxCompressionRatio: 200,
        RatioCheckThresholdBytes: 1024 * 1024,
        Yaml: YamlLimits.Default);
}

using NfvMano.Descriptors.Validation;

namespace NfvMano.Descriptors.Csar;

/// <summary>One file listed in the manifest, with its digest when given.</summary>
public sealed record ManifestEntry(string Source, string? Algorithm, string? Hash, int Line);

/// <summary>A SOL004 / SOL007 manifest (<c>.mf</c>): metadata and per-file digests.</summary>
public sealed record Manifest(string File, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<ManifestEntry> Entries)
{
    /// <summary>Line of each metadata key, for problem reports.</summary>
    internal Dictionary<string, int> MetadataLines { get; } = new(StringComparer.Ordinal);

    /// <summary>Digest algorithms a manifest may name.</summary>
    public static IReadOnlyList<string> SupportedAlgorithms { get; } = ["SHA-256", "SHA-384", "SHA-512"];

    /// <summary>vnf_provider_id.</summary>
    public string? VnfProviderId => Metadata.GetValueOrDefault("vnf_provider_id");

    /// <summary>vnf_product_name.</summary>
    public string? VnfProductName => Metadata.GetValueOrDefault("vnf_product_name");

    /// <summary>vnf_package_version.</summary>
    public string? VnfPackageVersion => Metadata.GetValueOrDefault("vnf_package_version");

    /// <summary>vnf_release_date_time.</summary>
    public string? VnfReleaseDateTime => Metadata.GetValueOrDefault("vnf_release_date_time");

    /// <summary>vnfd_id (SOL004 v4 and later).</summary>
    public string? VnfdId => Metadata.GetValueOrDefault("vnfd_id");

    /// <summary>True when the metadata describes an NSD package (SOL007).</summary>
    public bool IsNsd => Metadata.ContainsKey("nsd_designer") || Metadata.ContainsKey("nsd_invariant_id");

    /// <summary>Canonical name (SHA-256, SHA-384, SHA-512) of an algorithm as written in a manifest, or null when unsupported.</summary>
    public static string? CanonicalAlgorithm(string algorithm) =>
        algorithm.Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) switch
        {
            "SHA256" => "SHA-256",
            "SHA384" => "SHA-384",
            "SHA512" => "SHA-512",
            _ => null,
        };

    internal static Manifest Parse(string file, string text, ProblemList problems)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var metadataLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<ManifestEntry>();
        string? source = null;
        string? algorithm = null;
        string? hash = null;
        var sourceLine = 0;
        var section = "";
        var lineNo = 0;

        void Flush()
        {
            if (source is not null)
            {
                entries.Add(new ManifestEntry(source, algorithm, hash, sourceLine));
            }

            source = algorithm = hash = null;
        }

        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.Trim();
            if (section == "cms")
            {
                if (trimmed.StartsWith("-----END", StringComparison.Ordinal))
                {
                    section = "";
                }

                continue;
            }

            if (trimmed.Length == 0)
            {
                if (section == "metadata")
                {
                    section = "";
                }

                continue;
            }

            if (trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                Flush();
                section = "cms";
                continue;
            }

            if (section == "sets" && (line[0] is ' ' or '\t' || trimmed.StartsWith("Source:", StringComparison.Ordinal) && line[0] == ' '))
            {
                continue;
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problems.Add(new Problem("manifest.syntax", file, "", lineNo, 1, $"'{trimmed}' is not a 'name: value' line"));
                continue;
            }

            var key = trimmed[..colon].Trim();
            var value = trimmed[(colon + 1)..].Trim();
            switch (key)
            {
                case "metadata" when value.Length == 0:
                    section = "metadata";
                    break;
                case "non_mano_artifact_sets" when value.Length == 0:
                    Flush();
                    section = "sets";
                    break;
                case "Source":
                    Flush();
                    section = "";
                    source = value;
                    sourceLine = lineNo;
                    break;
                case "Algorithm" when source is not null:
                    algorithm = value;
                    break;
                case "Hash" when source is not null:
                    hash = value;
                    break;
                case "Signature" or "Certificate" when source is not null:
                    break;
                default:
                    if (section == "metadata")
                    {
                        metadata[key] = value;
                        metadataLines[key] = lineNo;
                    }
                    else
                    {
                        problems.Add(new Problem("manifest.syntax", file, "", lineNo, 1, $"unexpected '{key}' outside the metadata block"));
                    }

                    break;
            }
        }

        Flush();
        if (metadata.Count == 0)
        {
            problems.Add("manifest.no-metadata", file, "the manifest has no metadata block");
        }

        var manifest = new Manifest(file, metadata, entries);
        foreach (var (key, line) in metadataLines)
        {
            manifest.MetadataLines[key] = line;
        }

        return manifest;
    }
}

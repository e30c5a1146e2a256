using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using NfvMano.Descriptors.Nsd;
using NfvMano.Descriptors.Tosca;
using NfvMano.Descriptors.Validation;
using NfvMano.Descriptors.Vnfd;

namespace NfvMano.Descriptors.Csar;

/// <summary>
/// Reads and validates a SOL004 VNF package or SOL007 NSD package (a CSAR zip) or a plain TOSCA YAML file.
/// Hostile input is bounded by <see cref="CsarLimits"/>; every problem found is reported at once.
/// </summary>
public static class CsarReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Reads a zip CSAR or a plain YAML descriptor, telling them apart by content.</summary>
    /// <param name="content">The uploaded bytes.</param>
    /// <param name="fileName">Name to report problems against for plain YAML (e.g. <c>nsd.yaml</c>).</param>
    /// <param name="limits">Limits; <see cref="CsarLimits.Default"/> when null.</param>
    public static PackageParseResult ReadAny(Stream content, string fileName = "descriptor.yaml", CsarLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        limits ??= CsarLimits.Default;
        var seekable = Buffer(content, limits, out var tooLarge);
        if (seekable is null)
        {
            return tooLarge!;
        }

        Span<byte> magic = stackalloc byte[4];
        var n = seekable.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        seekable.Position = 0;
        return n == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4
            ? Read(seekable, limits)
            : ReadYaml(seekable, fileName, limits);
    }

    /// <summary>Reads one TOSCA YAML file (a VNFD or NSD); imports may only name the ETSI SOL001 type files.</summary>
    public static PackageParseResult ReadYaml(Stream yaml, string fileName = "descriptor.yaml", CsarLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        limits ??= CsarLimits.Default;
        var problems = new ProblemList();
        var name = PackagePath.Normalize(fileName) ?? "descriptor.yaml";
        var bytes = ReadBounded(yaml, limits.Yaml.MaxFileBytes);
        if (bytes is null)
        {
            problems.Add("yaml.too-large", name, $"YAML file is larger than the limit of {limits.Yaml.MaxFileBytes} bytes");
            return PackageParseResult.Rejected(CsarLayout.PlainYaml, problems);
        }

        var files = new InMemoryPackageFiles(new Dictionary<string, byte[]> { [name] = bytes }, new HashSet<string>(), new HashSet<string>());
        var (kind, vnfd, nsd, definitionFiles) = ParseDefinitions(files, name, limits, problems);
        return new PackageParseResult(kind, CsarLayout.PlainYaml, name, null, null, [], definitionFiles, vnfd, nsd, problems.Items);
    }

    /// <summary>Reads a CSAR (zip): layout, manifest digests, definitions, artifacts index.</summary>
    public static PackageParseResult Read(Stream zip, CsarLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(zip);
        limits ??= CsarLimits.Default;
        var problems = new ProblemList();
        var seekable = Buffer(zip, limits, out var tooLarge);
        if (seekable is null)
        {
            return tooLarge!;
        }

        ZipArchive archive;
        try
        {
            archive = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            problems.Add("csar.not-zip", "", $"not a readable zip archive: {ex.Message}");
            return PackageParseResult.Rejected(CsarLayout.ToscaMetadata, problems);
        }

        using (archive)
        {
            try
            {
                return ReadArchive(archive, limits, problems);
            }
            catch (InvalidDataException ex)
            {
                problems.Add("csar.corrupt", "", $"the archive is corrupt: {ex.Message}");
                return PackageParseResult.Rejected(CsarLayout.ToscaMetadata, problems);
            }
        }
    }

    private static PackageParseResult ReadArchive(ZipArchive archive, CsarLimits limits, ProblemList problems)
    {
        if (archive.Entries.Count > limits.MaxEntries)
        {
            problems.Add("csar.too-many-entries", "", $"the archive has {archive.Entries.Count} entries, more than the limit of {limits.MaxEntries}");
            return PackageParseResult.Rejected(CsarLayout.ToscaMetadata, problems);
        }

        // Screen every entry before reading any content.
        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        long declaredTotal = 0;
        foreach (var entry in archive.Entries)
        {
            var name = entry.FullName;
            if (name.EndsWith('/') && entry.Length == 0)
            {
                continue;
            }

            var mode = (entry.ExternalAttributes >> 16) & 0xF000;
            if (mode == 0xA000)
            {
                problems.Add("csar.symlink", name, "symbolic links are not allowed in a package");
                continue;
            }

            var normalized = PackagePath.Normalize(name);
            if (normalized is null || name.Replace('\\', '/').Split('/').Contains(".."))
            {
                problems.Add("csar.unsafe-path", name, "entry path is absolute or climbs out of the package");
                continue;
            }

            if (!entries.TryAdd(normalized, entry))
            {
                problems.Add("csar.duplicate-entry", normalized, "the archive holds this path more than once");
                continue;
            }

            if (entry.Length > limits.MaxEntryBytes)
            {
                problems.Add("csar.entry-too-large", normalized, $"entry is {entry.Length} bytes uncompressed, more than the limit of {limits.MaxEntryBytes}");
            }

            if (entry.Length > limits.RatioCheckThresholdBytes && entry.Length > entry.CompressedLength * limits.MaxCompressionRatio)
            {
                problems.Add("csar.zip-bomb", normalized,
                    $"entry expands {entry.Length / Math.Max(1, entry.CompressedLength)} times ({entry.CompressedLength} to {entry.Length} bytes), more than the limit of {limits.MaxCompressionRatio}");
            }

            declaredTotal += entry.Length;
        }

        if (declaredTotal > limits.MaxTotalBytes)
        {
            problems.Add("csar.too-large", "", $"entries add up to {declaredTotal} bytes uncompressed, more than the limit of {limits.MaxTotalBytes}");
        }

        if (!problems.IsEmpty)
        {
            return PackageParseResult.Rejected(CsarLayout.ToscaMetadata, problems);
        }

        // Layout, entry definitions and manifest.
        ToscaMeta? meta = null;
        string? entryDefinitions;
        string? manifestPath;
        CsarLayout layout;
        var budget = new ReadBudget(limits.MaxTotalBytes);
        if (entries.TryGetValue(ToscaMeta.FilePath, out var metaEntry))
        {
            layout = CsarLayout.ToscaMetadata;
            var text = ReadText(metaEntry, ToscaMeta.FilePath, limits, budget, problems);
            if (text is null)
            {
                return PackageParseResult.Rejected(layout, problems);
            }

            meta = ToscaMeta.Parse(text, problems);
            entryDefinitions = meta.EntryDefinitions is { } ed ? PackagePath.Normalize(ed) : null;
            if (meta.EntryDefinitions is not null && (entryDefinitions is null || !entries.ContainsKey(entryDefinitions)))
            {
                problems.Add("csar.missing-entry-definitions", ToscaMeta.FilePath, $"Entry-Definitions '{meta.EntryDefinitions}' is not in the package");
                entryDefinitions = null;
            }

            manifestPath = meta.EntryManifest is { } em ? PackagePath.Normalize(em) : null;
            if (meta.EntryManifest is not null && (manifestPath is null || !entries.ContainsKey(manifestPath)))
            {
                problems.Add("csar.missing-manifest", ToscaMeta.FilePath, $"ETSI-Entry-Manifest '{meta.EntryManifest}' is not in the package");
                manifestPath = null;
            }
            else if (meta.EntryManifest is null)
            {
                manifestPath = entries.Keys.SingleOrDefault(k => !k.Contains('/', StringComparison.Ordinal) && k.EndsWith(".mf", StringComparison.OrdinalIgnoreCase));
            }

            foreach (var key in (string[])["ETSI-Entry-Change-Log", "ETSI-Entry-Licenses", "ETSI-Entry-Tests", "ETSI-Entry-Certificate"])
            {
                if (meta.Entries.TryGetValue(key, out var p) && PackagePath.Normalize(p) is var np
                    && (np is null || (!entries.ContainsKey(np) && !entries.Keys.Any(k => k.StartsWith(np + "/", StringComparison.Ordinal)))))
                {
                    problems.Add("csar.missing-file", ToscaMeta.FilePath, $"{key} '{p}' is not in the package");
                }
            }
        }
        else
        {
            layout = CsarLayout.SingleRootYaml;
            var rootYaml = entries.Keys.Where(k => !k.Contains('/', StringComparison.Ordinal)
                && (k.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || k.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))).ToList();
            if (rootYaml.Count != 1)
            {
                problems.Add("csar.no-entry-definitions", "",
                    rootYaml.Count == 0
                        ? "the package has neither TOSCA-Metadata/TOSCA.meta nor a YAML file at its root"
                        : $"without TOSCA-Metadata/TOSCA.meta the root must hold exactly one YAML file, not {rootYaml.Count}");
                return PackageParseResult.Rejected(layout, problems);
            }

            entryDefinitions = rootYaml[0];
            var baseName = entryDefinitions[..entryDefinitions.LastIndexOf('.')];
            manifestPath = entries.ContainsKey(baseName + ".mf") ? baseName + ".mf"
                : entries.Keys.SingleOrDefault(k => !k.Contains('/', StringComparison.Ordinal) && k.EndsWith(".mf", StringComparison.OrdinalIgnoreCase));
        }

        Manifest? manifest = null;
        if (manifestPath is null)
        {
            if (meta?.EntryManifest is null && limits.RequireManifest)
            {
                problems.Add("csar.no-manifest", "", "the package has no manifest (.mf) file");
            }
        }
        else if (ReadText(entries[manifestPath], manifestPath, limits, budget, problems) is { } manifestText)
        {
            manifest = Manifest.Parse(manifestPath, manifestText, problems);
        }

        // One pass over every entry: digests for all, content only for definitions files.
        var listed = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        var listedIn = new Dictionary<string, string>(StringComparer.Ordinal);

        // TOSCA-Meta 1.0 style: artifact blocks (Name / Algorithm / Hash) in TOSCA.meta itself, as Tacker packages have.
        var metaEntries = (meta?.OtherBlocks ?? []).Where(b => b.ContainsKey("Name"))
            .Select(b => (ToscaMeta.FilePath, new ManifestEntry(b["Name"], b.GetValueOrDefault("Algorithm"), b.GetValueOrDefault("Hash"), 0)));
        foreach (var (listFile, item) in (manifest?.Entries ?? []).Select(e => (manifest!.File, e)).Concat(metaEntries))
        {
            if (PackagePath.IsUrl(item.Source))
            {
                continue;
            }

            var path = PackagePath.Normalize(item.Source);
            if (path is null || !entries.ContainsKey(path))
            {
                problems.Add(new Problem("manifest.missing-file", listFile, "", Line(item), Column(item), $"listed file '{item.Source}' is not in the package"));
                continue;
            }

            if ((item.Algorithm is null) != (item.Hash is null))
            {
                problems.Add(new Problem("manifest.syntax", listFile, "", Line(item), Column(item), $"'{item.Source}' needs both Algorithm and Hash, or neither"));
                continue;
            }

            if (item.Algorithm is not null && Manifest.CanonicalAlgorithm(item.Algorithm) is null)
            {
                problems.Add(new Problem("manifest.unknown-algorithm", listFile, "", Line(item), Column(item),
                    $"algorithm '{item.Algorithm}' of '{item.Source}' is not one of {string.Join(", ", Manifest.SupportedAlgorithms)}"));
                continue;
            }

            listed[path] = item;
            listedIn[path] = listFile;
        }

        var definitions = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var tooLarge = new HashSet<string>(StringComparer.Ordinal);
        var digests = new Dictionary<string, (long Size, string Algorithm, string Hash, string Sha256)>(StringComparer.Ordinal);
        foreach (var (path, entry) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var isYaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
            var keep = isYaml && entry.Length <= limits.Yaml.MaxFileBytes;
            if (isYaml && !keep)
            {
                tooLarge.Add(path);
            }

            var algorithm = listed.TryGetValue(path, out var item) && item.Algorithm is not null ? Manifest.CanonicalAlgorithm(item.Algorithm)! : "SHA-256";
            var result = Digest(entry, path, algorithm, keep, limits, budget, problems);
            if (result is null)
            {
                return PackageParseResult.Rejected(layout, problems);
            }

            digests[path] = (result.Value.Size, algorithm, result.Value.Hash, result.Value.Sha256);
            if (keep)
            {
                definitions[path] = result.Value.Content!;
            }

            if (item?.Hash is { } expected && !expected.Trim().Equals(result.Value.Hash, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new Problem("manifest.digest-mismatch", listedIn[path], "", Line(item), Column(item),
                    $"{algorithm} of '{path}' is {result.Value.Hash}, but the manifest says {expected.Trim()}"));
            }
        }

        var files = new InMemoryPackageFiles(definitions, new HashSet<string>(entries.Keys.Where(k => !definitions.ContainsKey(k)), StringComparer.Ordinal), tooLarge);
        if (entryDefinitions is null)
        {
            return new PackageParseResult(PackageKind.Unknown, layout, null, meta, manifest, [], [], null, null, problems.Items);
        }

        string? DigestOf(string file, string algorithm) =>
            digests.TryGetValue(file, out var d) ? (algorithm == "SHA-256" ? d.Sha256 : algorithm == d.Algorithm ? d.Hash : null) : null;
        var (kind, vnfd, nsd, definitionFiles) = ParseDefinitions(files, entryDefinitions, limits, problems, DigestOf);
        CheckManifestAgainstDescriptor(manifest, vnfd, nsd, problems);

        var excluded = new HashSet<string>(definitionFiles, StringComparer.Ordinal) { ToscaMeta.FilePath };
        if (manifestPath is not null)
        {
            excluded.Add(manifestPath);
        }

        var artifacts = digests.Where(d => !excluded.Contains(d.Key))
            .Select(d => new PackageArtifact(d.Key, d.Value.Size, d.Value.Algorithm, d.Value.Hash, listed.ContainsKey(d.Key)))
            .ToList();
        return new PackageParseResult(kind, layout, entryDefinitions, meta, manifest, artifacts, definitionFiles, vnfd, nsd, problems.Items);
    }

    private static int? Line(ManifestEntry entry) => entry.Line > 0 ? entry.Line : null;

    private static int? Column(ManifestEntry entry) => entry.Line > 0 ? 1 : null;

    private static (PackageKind Kind, VnfDescriptor? Vnfd, NsDescriptor? Nsd, IReadOnlyList<string> Files) ParseDefinitions(
        IPackageFiles files, string entry, CsarLimits limits, ProblemList problems, Func<string, string, string?>? digestOf = null)
    {
        var model = ServiceTemplateLoader.Load(files, entry, limits.Yaml, problems);
        IReadOnlyList<string> loaded = [.. model.Files.Keys];
        if (model.EntryRoot is null)
        {
            return (PackageKind.Unknown, null, null, loaded);
        }

        if (NsdBuilder.IsNsd(model))
        {
            return (PackageKind.Ns, null, NsdBuilder.Build(model, problems), loaded);
        }

        if (VnfdBuilder.IsVnfd(model) || !problems.IsEmpty)
        {
            var vnfd = VnfdBuilder.IsVnfd(model) ? VnfdBuilder.Build(model, problems, digestOf) : null;
            return (vnfd is null ? PackageKind.Unknown : PackageKind.Vnf, vnfd, null, loaded);
        }

        problems.Add("tosca.no-descriptor", entry, "the service template describes neither a VNF (tosca.nodes.nfv.VNF) nor an NS (tosca.nodes.nfv.NS)");
        return (PackageKind.Unknown, null, null, loaded);
    }

    private static void CheckManifestAgainstDescriptor(Manifest? manifest, VnfDescriptor? vnfd, NsDescriptor? nsd, ProblemList problems)
    {
        if (manifest is null || manifest.Metadata.Count == 0)
        {
            return;
        }

        string[] required = nsd is not null
            ? ["nsd_designer", "nsd_invariant_id", "nsd_name", "nsd_release_date_time", "nsd_file_structure_version"]
            : ["vnf_provider_id", "vnf_product_name", "vnf_release_date_time", "vnf_package_version"];
        foreach (var key in required)
        {
            if (!manifest.Metadata.ContainsKey(key))
            {
                problems.Add("manifest.missing-metadata", manifest.File, $"metadata '{key}' is required");
            }
        }

        void Same(string key, string? expected, string what)
        {
            if (expected is not null && manifest.Metadata.TryGetValue(key, out var actual) && actual != expected)
            {
                var line = manifest.MetadataLines.GetValueOrDefault(key);
                problems.Add(new Problem("manifest.mismatch", manifest.File, "", line > 0 ? line : null, line > 0 ? 1 : null,
                    $"metadata {key} '{actual}' differs from the descriptor's {what} '{expected}'"));
            }
        }

        Same("vnf_provider_id", vnfd?.Provider, "provider");
        Same("vnf_product_name", vnfd?.ProductName, "product_name");
        Same("vnfd_id", vnfd?.DescriptorId, "descriptor_id");
        Same("nsd_designer", nsd?.Designer, "designer");
        Same("nsd_invariant_id", nsd?.InvariantId, "invariant_id");
        Same("nsd_name", nsd?.Name, "name");
    }

    private sealed class ReadBudget(long total)
    {
        public long Remaining { get; set; } = total;
    }

    private static string? ReadText(ZipArchiveEntry entry, string path, CsarLimits limits, ReadBudget budget, ProblemList problems)
    {
        if (entry.Length > limits.Yaml.MaxFileBytes)
        {
            problems.Add("csar.entry-too-large", path, $"file is {entry.Length} bytes, more than the limit of {limits.Yaml.MaxFileBytes}");
            return null;
        }

        var result = Digest(entry, path, "SHA-256", keep: true, limits, budget, problems);
        if (result is null)
        {
            return null;
        }

        try
        {
            var bytes = result.Value.Content!.AsSpan();
            return StrictUtf8.GetString(bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes);
        }
        catch (DecoderFallbackException)
        {
            problems.Add("csar.invalid-utf8", path, "file is not valid UTF-8");
            return null;
        }
    }

    // Streams one entry through the hash, counting real bytes so a lying header cannot get past the limits.
    private static (long Size, string Hash, string Sha256, byte[]? Content)? Digest(ZipArchiveEntry entry, string path, string algorithm, bool keep, CsarLimits limits, ReadBudget budget, ProblemList problems)
    {
        using var hash = IncrementalHash.CreateHash(algorithm switch
        {
            "SHA-384" => HashAlgorithmName.SHA384,
            "SHA-512" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        });

        // SHA-256 is always computed too: software image checksums are usually SHA-256.
        using var sha256 = algorithm == "SHA-256" ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var content = keep ? new MemoryStream((int)Math.Min(entry.Length, limits.Yaml.MaxFileBytes)) : null;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            using var stream = entry.Open();
            long size = 0;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                size += read;
                budget.Remaining -= read;
                if (size > entry.Length || size > limits.MaxEntryBytes || budget.Remaining < 0 || (keep && size > limits.Yaml.MaxFileBytes))
                {
                    problems.Add("csar.zip-bomb", path, "entry expands beyond its declared size or the package limits");
                    return null;
                }

                hash.AppendData(buffer, 0, read);
                sha256?.AppendData(buffer, 0, read);
                content?.Write(buffer, 0, read);
            }

            var digest = Convert.ToHexStringLower(hash.GetHashAndReset());
            return (size, digest, sha256 is null ? digest : Convert.ToHexStringLower(sha256.GetHashAndReset()), content?.ToArray());
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            content?.Dispose();
        }
    }

    private static Stream? Buffer(Stream input, CsarLimits limits, out PackageParseResult? rejected)
    {
        rejected = null;
        if (input.CanSeek)
        {
            if (input.Length > limits.MaxArchiveBytes)
            {
                var problems = new ProblemList();
                problems.Add("csar.too-large", "", $"the upload is {input.Length} bytes, more than the limit of {limits.MaxArchiveBytes}");
                rejected = PackageParseResult.Rejected(CsarLayout.ToscaMetadata, problems);
                return null;
            }

            return input;
        }

        var copy = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + n > limits.MaxArchiveBytes)
            {
                var problems = new ProblemList();
                problems.Add("csar.too-large", "", $"the upload is more than the limit of {limits.MaxArchiveBytes} bytes");
                rejected = PackageParseResult.Rejected(CsarLayout.ToscaMetadata, problems);
                return null;
            }

            copy.Write(buffer, 0, n);
        }

        copy.Position = 0;
        return copy;
    }

    private static byte[]? ReadBounded(Stream input, long max)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + n > max)
            {
                return null;
            }

            copy.Write(buffer, 0, n);
        }

        return copy.ToArray();
    }
}

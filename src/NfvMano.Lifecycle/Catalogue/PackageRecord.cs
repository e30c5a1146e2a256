using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using NfvMano.Descriptors.Csar;

namespace NfvMano.Lifecycle.Catalogue;

/// <summary>
/// What onboarding keeps about a package's files (stored as <c>DescriptorJson</c>): its layout, the definition
/// files that make up the descriptor, the manifest, the artifacts with their digests, and the parsed model.
/// </summary>
/// <param name="Layout">How the package names its main template.</param>
/// <param name="EntryDefinitions">The main template's path.</param>
/// <param name="DefinitionFiles">Every file of the descriptor (entry and imports inside the package).</param>
/// <param name="Manifest">The manifest's path, if any.</param>
/// <param name="ToscaMeta">The TOSCA.meta path, if the package has one.</param>
/// <param name="Artifacts">Every other file, with its digest.</param>
/// <param name="Model">The parsed descriptor model.</param>
public sealed record PackageRecord(
    string Layout,
    string? EntryDefinitions,
    IReadOnlyList<string> DefinitionFiles,
    string? Manifest,
    string? ToscaMeta,
    IReadOnlyList<PackageArtifact> Artifacts,
    JsonNode? Model)
{
    internal static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The record of a parsed package.</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="model">The descriptor model to keep.</param>
    public static PackageRecord From(PackageParseResult result, object? model)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new PackageRecord(
            result.Layout.ToString(),
            result.EntryDefinitions,
            result.DefinitionFiles,
            result.Manifest?.File,
            result.Meta is null ? null : ToscaMetaPath,
            result.Artifacts,
            model is null ? null : JsonSerializer.SerializeToNode(model, model.GetType(), JsonOptions));
    }

    /// <summary>The path of TOSCA.meta inside a CSAR.</summary>
    public const string ToscaMetaPath = "TOSCA-Metadata/TOSCA.meta";

    /// <summary>Serialises the record.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a stored record.</summary>
    /// <param name="json">The stored JSON.</param>
    public static PackageRecord Parse(string json) =>
        JsonSerializer.Deserialize<PackageRecord>(json, JsonOptions) ?? throw new InvalidOperationException("The stored package record is empty.");

    /// <summary>Whether the descriptor is one file (so it can be served as plain text).</summary>
    public bool IsSingleFile => DefinitionFiles.Count == 1;

    /// <summary>Reads one file of the stored content (a zip, or the single YAML of a plain-YAML upload).</summary>
    /// <param name="content">The stored content.</param>
    /// <param name="path">The file's path inside the package.</param>
    /// <returns>The bytes, or null when the package has no such file.</returns>
    public byte[]? ReadFile(byte[] content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (Layout == nameof(CsarLayout.PlainYaml))
        {
            return path == EntryDefinitions ? content : null;
        }

        using var archive = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        var entry = archive.Entries.FirstOrDefault(e => e.FullName.TrimStart('/') == path || e.FullName.TrimStart('.', '/') == path);
        if (entry is null)
        {
            return null;
        }

        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A zip of the descriptor's files (and TOSCA.meta when the package has one), as SOL005 serves it.</summary>
    /// <param name="content">The stored content.</param>
    public byte[] DescriptorZip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            IEnumerable<string> files = ToscaMeta is null ? DefinitionFiles : [ToscaMeta, .. DefinitionFiles];
            foreach (var file in files)
            {
                if (ReadFile(content, file) is not { } bytes)
                {
                    continue;
                }

                var entry = archive.CreateEntry(file, CompressionLevel.Optimal);
                using var s = entry.Open();
                s.Write(bytes);
            }
        }

        return output.ToArray();
    }
}

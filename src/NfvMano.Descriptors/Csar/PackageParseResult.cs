using NfvMano.Descriptors.Nsd;
using NfvMano.Descriptors.Validation;
using NfvMano.Descriptors.Vnfd;

namespace NfvMano.Descriptors.Csar;

/// <summary>
/// What reading a package gave: the descriptor model when valid, and every problem found. A package with any
/// problem must be rejected; the model may then be partial or null.
/// </summary>
public sealed record PackageParseResult(
    PackageKind Kind,
    CsarLayout Layout,
    string? EntryDefinitions,
    ToscaMeta? Meta,
    Manifest? Manifest,
    IReadOnlyList<PackageArtifact> Artifacts,
    IReadOnlyList<string> DefinitionFiles,
    VnfDescriptor? Vnfd,
    NsDescriptor? Nsd,
    IReadOnlyList<Problem> Problems)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;

    internal static PackageParseResult Rejected(CsarLayout layout, ProblemList problems) =>
        new(PackageKind.Unknown, layout, null, null, null, [], [], null, null, problems.Items);
}

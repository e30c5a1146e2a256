using System.Globalization;
using System.Text.RegularExpressions;

namespace NfvMano.Api.Sol013;

/// <summary>
/// One version of one SOL005/SOL003 API as SOL013 names it (clause 4.6 / 9.1): the API name
/// (<c>vnfpkgm</c>), the major version in the URI (<c>v1</c>), and the full API version (<c>2.8.0</c>).
/// The URI major and the version's major need not agree (SOL005 <c>vnfpkgm</c> v1 carries API version 2.x).
/// </summary>
public sealed partial class Sol013Api
{
    /// <summary>Creates an API definition.</summary>
    /// <param name="name">API name, the first URI segment, e.g. <c>vnfpkgm</c>.</param>
    /// <param name="uriMajorVersion">Major version segment of the URI, e.g. <c>v1</c>.</param>
    /// <param name="version">Full API version, <c>major.minor.patch</c>, e.g. <c>2.8.0</c>.</param>
    public Sol013Api(string name, string uriMajorVersion, string version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(uriMajorVersion);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        if (name.Contains('/', StringComparison.Ordinal) || !UriMajorPattern().IsMatch(uriMajorVersion))
        {
            throw new ArgumentException($"'{name}/{uriMajorVersion}' is not an API name and a URI major version such as 'vnfpkgm/v1'.");
        }

        if (!TryParseVersion(version, out var major))
        {
            throw new ArgumentException($"'{version}' is not an API version of the form major.minor.patch.", nameof(version));
        }

        Name = name;
        UriMajorVersion = uriMajorVersion;
        Version = version;
        Major = major;
    }

    /// <summary>API name, e.g. <c>vnfpkgm</c>.</summary>
    public string Name { get; }

    /// <summary>Major version segment of the URI, e.g. <c>v1</c>.</summary>
    public string UriMajorVersion { get; }

    /// <summary>Full API version sent in the <c>Version</c> response header, e.g. <c>2.8.0</c>.</summary>
    public string Version { get; }

    /// <summary>Major number of <see cref="Version"/>; a request's <c>Version</c> must have the same.</summary>
    public int Major { get; }

    /// <summary>The API root below the server root, e.g. <c>/vnfpkgm/v1</c>.</summary>
    public string UriPrefix => $"/{Name}/{UriMajorVersion}";

    /// <summary>
    /// Whether a request without a <c>Version</c> header is rejected (400). SOL013 requires the header, but
    /// the standard OpenStack client sends none on <c>vnfpkgm</c>, so that API sets this to <see langword="false"/>.
    /// </summary>
    public bool RequireVersionHeader { get; init; } = true;

    /// <summary>Whether this version is deprecated (reported by <c>api_versions</c>).</summary>
    public bool IsDeprecated { get; init; }

    /// <summary>When a deprecated version is retired, if known (reported by <c>api_versions</c>).</summary>
    public DateTimeOffset? RetirementDate { get; init; }

    /// <summary>Parses <c>major.minor.patch</c> (an optional <c>-pre</c> / <c>+build</c> suffix is allowed).</summary>
    /// <param name="text">The version text.</param>
    /// <param name="major">The major number.</param>
    /// <returns>Whether the text is a version.</returns>
    public static bool TryParseVersion(string? text, out int major)
    {
        var match = text is null ? Match.Empty : VersionPattern().Match(text);
        if (match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out major))
        {
            return true;
        }

        major = 0;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{UriPrefix} ({Version})";

    [GeneratedRegex(@"^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})([-+][0-9A-Za-z.+-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^v[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex UriMajorPattern();
}

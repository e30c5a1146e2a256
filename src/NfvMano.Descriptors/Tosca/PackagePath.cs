namespace NfvMano.Descriptors.Tosca;

/// <summary>Package-relative paths: forward slashes, no '.' or '..' segments, never leaving the package root.</summary>
public static class PackagePath
{
    /// <summary>Normalises <paramref name="path"/>; null when it is absolute or climbs out of the package.</summary>
    public static string? Normalize(string path)
    {
        if (path.Length == 0 || path[0] is '/' or '\\' || (path.Length > 1 && path[1] == ':') || path.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            switch (part)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (parts.Count == 0)
                    {
                        return null;
                    }

                    parts.RemoveAt(parts.Count - 1);
                    continue;
                default:
                    parts.Add(part);
                    continue;
            }
        }

        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    /// <summary>Resolves <paramref name="relative"/> against the folder of <paramref name="fromFile"/>.</summary>
    public static string? Resolve(string fromFile, string relative)
    {
        var slash = fromFile.LastIndexOf('/');
        var folder = slash < 0 ? "" : fromFile[..(slash + 1)];
        return Normalize(folder + relative);
    }

    /// <summary>True for http(s) and other URL references.</summary>
    public static bool IsUrl(string reference) => reference.Contains("://", StringComparison.Ordinal);
}

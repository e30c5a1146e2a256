using NfvMano.Descriptors.Validation;

namespace NfvMano.Descriptors.Csar;

/// <summary>The parsed <c>TOSCA-Metadata/TOSCA.meta</c> block(s).</summary>
public sealed record ToscaMeta(IReadOnlyDictionary<string, string> Entries, IReadOnlyList<IReadOnlyDictionary<string, string>> OtherBlocks)
{
    /// <summary>The path of this file inside a CSAR.</summary>
    public const string FilePath = "TOSCA-Metadata/TOSCA.meta";

    /// <summary>Entry-Definitions: the main service template.</summary>
    public string? EntryDefinitions => Entries.GetValueOrDefault("Entry-Definitions");

    /// <summary>ETSI-Entry-Manifest.</summary>
    public string? EntryManifest => Entries.GetValueOrDefault("ETSI-Entry-Manifest");

    /// <summary>ETSI-Entry-Change-Log.</summary>
    public string? EntryChangeLog => Entries.GetValueOrDefault("ETSI-Entry-Change-Log");

    internal static ToscaMeta Parse(string text, ProblemList problems)
    {
        // Key names are matched without regard to case: "Created-by" is common in published packages.
        var blocks = new List<Dictionary<string, string>> { new(StringComparer.OrdinalIgnoreCase) };
        var lineNo = 0;
        string? lastKey = null;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                if (blocks[^1].Count > 0)
                {
                    blocks.Add(new(StringComparer.OrdinalIgnoreCase));
                }

                lastKey = null;
                continue;
            }

            // Continuation lines start with a space.
            if (line[0] == ' ' && lastKey is not null)
            {
                blocks[^1][lastKey] += line.Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problems.Add(new Problem("meta.syntax", FilePath, "", lineNo, 1, $"'{line}' is not a 'Name: value' line"));
                continue;
            }

            lastKey = line[..colon].Trim();
            blocks[^1][lastKey] = line[(colon + 1)..].Trim();
        }

        var first = blocks[0];
        foreach (var key in (string[])["TOSCA-Meta-File-Version", "CSAR-Version", "Created-By", "Entry-Definitions"])
        {
            if (!first.ContainsKey(key))
            {
                problems.Add("meta.missing-key", FilePath, $"{key} is required in the first block");
            }
        }

        return new ToscaMeta(first, [.. blocks.Skip(1).Where(b => b.Count > 0)]);
    }
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace NfvMano.Api.Sol013;

/// <summary>
/// SOL013 attribute selectors (clause 5.3): <c>all_fields</c>, <c>fields</c>, <c>exclude_fields</c>,
/// <c>exclude_default</c>. Applied to the JSON form of a resource, using the resource's
/// <see cref="ResourceProfile"/> for the default-excluded and always-included complex attributes.
/// </summary>
/// <remarks>
/// Valid combinations (SOL013 table 5.3.2-2): none (same as <c>exclude_default</c>), <c>all_fields</c>,
/// <c>fields</c>, <c>exclude_fields</c>, <c>exclude_default</c>, <c>exclude_default</c> with <c>fields</c>.
/// Any other combination is a 400. <c>all_fields</c> and <c>exclude_default</c> are flags: a bare key
/// (<c>?exclude_default</c>) counts as present.
/// </remarks>
public sealed class AttributeSelector
{
    /// <summary>Query parameter names.</summary>
    public const string AllFieldsParameter = "all_fields";

    /// <inheritdoc cref="AllFieldsParameter"/>
    public const string FieldsParameter = "fields";

    /// <inheritdoc cref="AllFieldsParameter"/>
    public const string ExcludeFieldsParameter = "exclude_fields";

    /// <inheritdoc cref="AllFieldsParameter"/>
    public const string ExcludeDefaultParameter = "exclude_default";

    private AttributeSelector(bool allFields, bool excludeDefault, IReadOnlyList<string>? fields, IReadOnlyList<string>? excludeFields)
    {
        AllFields = allFields;
        ExcludeDefault = excludeDefault;
        Fields = fields;
        ExcludeFields = excludeFields;
    }

    /// <summary>The selector used when a request has none: <c>exclude_default</c>.</summary>
    public static AttributeSelector Default { get; } = new(false, true, null, null);

    /// <summary>Whether <c>all_fields</c> was given.</summary>
    public bool AllFields { get; }

    /// <summary>Whether <c>exclude_default</c> applies (given, or implied by the absence of any selector).</summary>
    public bool ExcludeDefault { get; }

    /// <summary>The <c>fields</c> attribute paths, or <see langword="null"/> when not given.</summary>
    public IReadOnlyList<string>? Fields { get; }

    /// <summary>The <c>exclude_fields</c> attribute paths, or <see langword="null"/> when not given.</summary>
    public IReadOnlyList<string>? ExcludeFields { get; }

    /// <summary>Reads the selector parameters of a request's query string.</summary>
    /// <param name="query">The request query.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="BadRequestProblem">An invalid combination, a flag with a value, or an empty attribute name.</exception>
    public static AttributeSelector FromQuery(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var allFields = Flag(query, AllFieldsParameter);
        var excludeDefault = Flag(query, ExcludeDefaultParameter);
        var fields = List(query, FieldsParameter);
        var excludeFields = List(query, ExcludeFieldsParameter);
        return Create(allFields, excludeDefault, fields, excludeFields);
    }

    /// <summary>Builds a selector from already separated parameters, checking the combination.</summary>
    /// <param name="allFields">Whether <c>all_fields</c> is present.</param>
    /// <param name="excludeDefault">Whether <c>exclude_default</c> is present.</param>
    /// <param name="fields">The <c>fields</c> paths, or <see langword="null"/>.</param>
    /// <param name="excludeFields">The <c>exclude_fields</c> paths, or <see langword="null"/>.</param>
    /// <exception cref="BadRequestProblem">The combination is not one SOL013 allows.</exception>
    public static AttributeSelector Create(bool allFields, bool excludeDefault, IReadOnlyList<string>? fields, IReadOnlyList<string>? excludeFields)
    {
        var given = new List<string>();
        if (allFields)
        {
            given.Add(AllFieldsParameter);
        }

        if (fields is not null)
        {
            given.Add(FieldsParameter);
        }

        if (excludeFields is not null)
        {
            given.Add(ExcludeFieldsParameter);
        }

        if (excludeDefault)
        {
            given.Add(ExcludeDefaultParameter);
        }

        var valid = given.Count <= 1 || (given.Count == 2 && excludeDefault && fields is not null);
        if (!valid)
        {
            throw new BadRequestProblem(
                $"The attribute selectors {string.Join(", ", given.Select(g => $"'{g}'"))} cannot be combined; " +
                "give one of all_fields, fields, exclude_fields, exclude_default, or exclude_default with fields.");
        }

        return given.Count == 0 ? Default : new AttributeSelector(allFields, excludeDefault, fields, excludeFields);
    }

    /// <summary>Checks every <c>fields</c> / <c>exclude_fields</c> path names a complex attribute of the resource.</summary>
    /// <param name="schema">The resource schema.</param>
    /// <exception cref="ValidationFailedProblem">Unknown or simple attributes, all reported at once (400).</exception>
    public void Validate(ResourceSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var problems = new List<ProblemItem>();
        Check(FieldsParameter, Fields);
        Check(ExcludeFieldsParameter, ExcludeFields);
        if (problems.Count > 0)
        {
            throw new ValidationFailedProblem(problems);
        }

        void Check(string parameter, IReadOnlyList<string>? paths)
        {
            foreach (var path in paths ?? [])
            {
                var resolved = schema.Resolve(path.Split('/'));
                if (resolved.Error is not null)
                {
                    problems.Add(new ProblemItem(parameter, resolved.Error));
                }
                else if (!resolved.Node!.IsComplex && !IsArrayPath(schema, path))
                {
                    problems.Add(new ProblemItem(parameter,
                        $"attribute '{path}' of {schema.Name} is a simple attribute; selectors name complex (structured or array) attributes"));
                }
            }
        }
    }

    /// <summary>
    /// Removes the complex attributes this selector leaves out, in place, and returns the same node.
    /// Arrays along a path are looked through (every element is pruned alike).
    /// </summary>
    /// <param name="resource">The resource's JSON form.</param>
    /// <param name="profile">The resource's default-excluded and always-included attributes.</param>
    public JsonNode? Apply(JsonNode? resource, ResourceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (resource is null || AllFields)
        {
            return resource;
        }

        if (ExcludeFields is not null)
        {
            foreach (var path in ExcludeFields)
            {
                Remove(resource, path.Split('/'), 0, profile.AlwaysIncluded);
            }
        }
        else if (ExcludeDefault)
        {
            foreach (var path in profile.DefaultExcluded)
            {
                var wanted = Fields is not null && Fields.Any(f => f == path || f.StartsWith(path + "/", StringComparison.Ordinal));
                if (!wanted)
                {
                    Remove(resource, path.Split('/'), 0, profile.AlwaysIncluded);
                }
            }
        }
        else if (Fields is not null)
        {
            KeepOnly(resource, string.Empty, Fields, profile.AlwaysIncluded);
        }

        return resource;
    }

    private static bool IsArrayPath(ResourceSchema schema, string path)
    {
        // An array of simple values (e.g. vnfdIds) is complex for selectors although the resolved element is simple.
        var node = schema.Root;
        foreach (var segment in path.Split('/'))
        {
            while (node.Kind is SchemaKind.Array)
            {
                node = node.Element!;
            }

            if (node.Kind is SchemaKind.Map)
            {
                node = node.Element!;
            }
            else if (node.Properties is { } props && props.TryGetValue(segment, out var child))
            {
                node = child;
            }
            else
            {
                return false;
            }
        }

        return node.Kind is SchemaKind.Array;
    }

    private static void Remove(JsonNode? node, string[] path, int index, IReadOnlyCollection<string> alwaysIncluded)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var element in array)
                {
                    Remove(element, path, index, alwaysIncluded);
                }

                break;
            case JsonObject obj when index == path.Length - 1:
                if (!alwaysIncluded.Contains(string.Join('/', path)))
                {
                    obj.Remove(path[index]);
                }

                break;
            case JsonObject obj:
                if (obj.TryGetPropertyValue(path[index], out var child))
                {
                    Remove(child, path, index + 1, alwaysIncluded);
                }

                break;
            default:
                break;
        }
    }

    private static void KeepOnly(JsonNode? node, string prefix, IReadOnlyList<string> fields, IReadOnlyCollection<string> alwaysIncluded)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var element in array)
                {
                    KeepOnly(element, prefix, fields, alwaysIncluded);
                }

                break;
            case JsonObject obj:
                foreach (var (name, value) in obj.ToArray())
                {
                    if (value is not (JsonObject or JsonArray))
                    {
                        continue;
                    }

                    var path = prefix.Length == 0 ? name : prefix + "/" + name;
                    if (alwaysIncluded.Contains(path) || fields.Contains(path))
                    {
                        continue;
                    }

                    if (fields.Any(f => f.StartsWith(path + "/", StringComparison.Ordinal)))
                    {
                        KeepOnly(value, path, fields, alwaysIncluded);
                    }
                    else
                    {
                        obj.Remove(name);
                    }
                }

                break;
            default:
                break;
        }
    }

    private static bool Flag(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return false;
        }

        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value) && !string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new BadRequestProblem($"The query parameter '{name}' is a flag and takes no value, but was given '{value}'.");
            }
        }

        return true;
    }

    private static List<string>? List(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        var paths = new List<string>();
        foreach (var value in values)
        {
            var parts = (value ?? string.Empty).Split(',');
            for (var i = 0; i < parts.Length; i++)
            {
                var part = parts[i];
                if (part.Length == 0 || part.Split('/').Any(s => s.Length == 0))
                {
                    throw new BadRequestProblem(
                        $"The query parameter '{name}' has an empty attribute name at item {i + 1} of '{value}'; " +
                        "write a comma-separated list of attribute paths such as softwareImages,additionalArtifacts.");
                }

                if (!paths.Contains(part, StringComparer.Ordinal))
                {
                    paths.Add(part);
                }
            }
        }

        return paths;
    }
}

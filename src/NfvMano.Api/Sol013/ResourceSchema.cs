using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace NfvMano.Api.Sol013;

/// <summary>What a node of a <see cref="ResourceSchema"/> holds.</summary>
public enum SchemaKind
{
    /// <summary>A structured attribute with named attributes.</summary>
    Object,

    /// <summary>A map with free keys (e.g. <c>userDefinedData</c>, key-value pairs).</summary>
    Map,

    /// <summary>An array; attribute paths go through it to its elements.</summary>
    Array,

    /// <summary>A string (also identifiers, URIs, enumerations written as strings).</summary>
    String,

    /// <summary>A number.</summary>
    Number,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>A date-time, written as an ISO 8601 string.</summary>
    DateTime,

    /// <summary>An enumeration (string or number, depending on the serialiser's converters).</summary>
    Enum,

    /// <summary>Free JSON (<see cref="JsonNode"/>, <see cref="JsonElement"/>, <see cref="object"/>): anything below is accepted.</summary>
    Any,
}

/// <summary>One node of a <see cref="ResourceSchema"/>.</summary>
/// <param name="Kind">What the node holds.</param>
/// <param name="Properties">For <see cref="SchemaKind.Object"/>: the attributes by their JSON name.</param>
/// <param name="Element">For <see cref="SchemaKind.Array"/> and <see cref="SchemaKind.Map"/>: the element schema.</param>
public sealed record SchemaNode(
    SchemaKind Kind,
    IReadOnlyDictionary<string, SchemaNode>? Properties = null,
    SchemaNode? Element = null)
{
    /// <summary>Whether the node is a complex attribute in the sense of SOL013 attribute selectors.</summary>
    public bool IsComplex => Kind is SchemaKind.Object or SchemaKind.Map or SchemaKind.Array or SchemaKind.Any;
}

/// <summary>The outcome of resolving an attribute path against a schema.</summary>
/// <param name="Node">The node the path leads to (arrays on the way are looked through), or <see langword="null"/>.</param>
/// <param name="Error">Why the path does not resolve, or <see langword="null"/>.</param>
public readonly record struct SchemaResolution(SchemaNode? Node, string? Error);

/// <summary>
/// The attribute structure of a resource as the API serialises it, derived from the DTO type through the
/// serialiser's own metadata (<see cref="JsonTypeInfo"/>), so JSON names, ignored members and converters are
/// the ones clients see. Used to reject unknown attribute paths in filters and selectors with 400.
/// </summary>
public sealed class ResourceSchema
{
    private static readonly ConcurrentDictionary<(Type, JsonSerializerOptions), ResourceSchema> Cache = new();

    private ResourceSchema(string name, SchemaNode root)
    {
        Name = name;
        Root = root;
    }

    /// <summary>Name of the resource type, used in messages (e.g. <c>VnfPkgInfo</c>).</summary>
    public string Name { get; }

    /// <summary>The root node (normally an object).</summary>
    public SchemaNode Root { get; }

    /// <summary>The schema of <typeparamref name="T"/> under the given serialiser options (cached).</summary>
    /// <typeparam name="T">The DTO type.</typeparam>
    /// <param name="options">The serialiser options the API writes the DTO with.</param>
    public static ResourceSchema For<T>(JsonSerializerOptions options) => For(typeof(T), options);

    /// <summary>The schema of a DTO type under the given serialiser options (cached).</summary>
    /// <param name="type">The DTO type.</param>
    /// <param name="options">The serialiser options the API writes the DTO with.</param>
    public static ResourceSchema For(Type type, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        return Cache.GetOrAdd((type, options), static key =>
        {
            var (t, o) = key;
            if (o.TypeInfoResolver is null)
            {
                // Options nobody serialised with yet have no resolver; give them the reflection default, as the serialiser would.
                o = new JsonSerializerOptions(o) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
            }

            return new ResourceSchema(t.Name, Build(t, o, []));
        });
    }

    /// <summary>A schema from an explicit tree (for resources without a CLR type).</summary>
    /// <param name="name">Name of the resource type, used in messages.</param>
    /// <param name="root">The root node.</param>
    public static ResourceSchema FromNode(string name, SchemaNode root) => new(name, root);

    /// <summary>Follows an attribute path (segments as written between <c>/</c>), looking through arrays.</summary>
    /// <param name="path">The path segments.</param>
    /// <returns>The node reached, or an error naming the first segment that does not exist.</returns>
    public SchemaResolution Resolve(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var node = Root;
        for (var i = 0; i < path.Count; i++)
        {
            node = SkipArrays(node);
            switch (node.Kind)
            {
                case SchemaKind.Any:
                    return new SchemaResolution(node, null);
                case SchemaKind.Map:
                    node = node.Element!;
                    continue;
                case SchemaKind.Object when node.Properties!.TryGetValue(path[i], out var child):
                    node = child;
                    continue;
                case SchemaKind.Object:
                    var where = i == 0 ? Name : $"'{string.Join('/', path.Take(i))}'";
                    return new SchemaResolution(null,
                        $"unknown attribute '{string.Join('/', path.Take(i + 1))}': {where} has no attribute '{path[i]}'");
                default:
                    return new SchemaResolution(null,
                        $"unknown attribute '{string.Join('/', path.Take(i + 1))}': '{string.Join('/', path.Take(i))}' is a {node.Kind.ToString().ToLowerInvariant()} without attributes");
            }
        }

        return new SchemaResolution(SkipArrays(node), null);
    }

    private static SchemaNode SkipArrays(SchemaNode node)
    {
        while (node.Kind is SchemaKind.Array)
        {
            node = node.Element!;
        }

        return node;
    }

    private static SchemaNode Build(Type type, JsonSerializerOptions options, HashSet<Type> building)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var leaf = LeafKind(type);
        if (leaf is { } kind)
        {
            return new SchemaNode(kind);
        }

        // A type that contains itself (trees, links) is cut at the recursion: below it anything is accepted.
        if (!building.Add(type))
        {
            return new SchemaNode(SchemaKind.Any);
        }

        try
        {
            var info = options.GetTypeInfo(type);
            return info.Kind switch
            {
                JsonTypeInfoKind.Object => new SchemaNode(SchemaKind.Object, info.Properties
                    .Where(p => p.Get is not null)
                    .ToDictionary(p => p.Name, p => Build(p.PropertyType, options, building), StringComparer.Ordinal)),
                JsonTypeInfoKind.Enumerable => new SchemaNode(SchemaKind.Array, Element: Build(info.ElementType!, options, building)),
                JsonTypeInfoKind.Dictionary => new SchemaNode(SchemaKind.Map, Element: Build(info.ElementType!, options, building)),
                _ => new SchemaNode(SchemaKind.Any),
            };
        }
        finally
        {
            building.Remove(type);
        }
    }

    private static SchemaKind? LeafKind(Type type)
    {
        if (type.IsEnum)
        {
            return SchemaKind.Enum;
        }

        if (type == typeof(string) || type == typeof(char) || type == typeof(Guid) || type == typeof(Uri)
            || type == typeof(TimeSpan) || type == typeof(Version))
        {
            return SchemaKind.String;
        }

        if (type == typeof(bool))
        {
            return SchemaKind.Boolean;
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return SchemaKind.DateTime;
        }

        if (type == typeof(DateOnly) || type == typeof(TimeOnly))
        {
            return SchemaKind.String;
        }

        if (type == typeof(byte) || type == typeof(sbyte) || type == typeof(short) || type == typeof(ushort)
            || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong)
            || type == typeof(float) || type == typeof(double) || type == typeof(decimal)
            || type == typeof(Int128) || type == typeof(UInt128) || type == typeof(Half))
        {
            return SchemaKind.Number;
        }

        if (type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement)
            || type == typeof(JsonDocument))
        {
            return SchemaKind.Any;
        }

        return null;
    }
}

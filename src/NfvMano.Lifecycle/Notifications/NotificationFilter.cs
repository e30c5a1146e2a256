using System.Text.Json;
using System.Text.Json.Nodes;
using NfvMano.Lifecycle.Catalogue;

namespace NfvMano.Lifecycle.Notifications;

/// <summary>
/// SOL005/SOL013 notification filters: every attribute present must match (AND); a list means any of its
/// values (OR). The notification side is a set of attribute values recorded when it was published.
/// </summary>
public static class NotificationFilter
{
    private const string NotificationTypesKey = "notificationTypes";
    private const string VnfProductsKey = "vnfProductsFromProviders";
    private const string VnfInstanceFilterKey = "vnfInstanceSubscriptionFilter";
    private static readonly string[] VnfInstanceFilterAttributes = ["vnfdIds", "vnfInstanceIds", "vnfInstanceNames"];

    /// <summary>Every problem of a subscription filter for the given API, each with its JSON path.</summary>
    /// <param name="filter">The filter (may be null: no filter).</param>
    /// <param name="api">The API subscribed to.</param>
    public static IReadOnlyList<CatalogueProblem> Validate(JsonObject? filter, NotificationApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var problems = new List<CatalogueProblem>();
        if (filter is null)
        {
            return problems;
        }

        foreach (var (key, value) in filter)
        {
            var at = "$.filter." + key;
            if (key == NotificationTypesKey)
            {
                foreach (var (i, type) in StringsOf(value, at, problems))
                {
                    if (!api.NotificationTypes.Contains(type))
                    {
                        problems.Add(new($"{at}[{i}]", $"'{type}' is not a notification type of {api.Name}; it sends {string.Join(", ", api.NotificationTypes)}."));
                    }
                }
            }
            else if (key == VnfProductsKey && api.HasVnfProductsFilter)
            {
                ValidateProducts(value, at, problems);
            }
            else if (key == VnfInstanceFilterKey && api.HasVnfInstanceSubscriptionFilter)
            {
                ValidateInstanceFilter(value, at, problems);
            }
            else if (api.FilterAttributes.Contains(key))
            {
                _ = StringsOf(value, at, problems).ToList();
            }
            else
            {
                problems.Add(new(at, $"'{key}' is not a filter attribute of {api.Name} subscriptions."));
            }
        }

        return problems;
    }

    /// <summary>Whether a notification matches a filter (assumed valid).</summary>
    /// <param name="filter">The subscription's filter.</param>
    /// <param name="notificationType">The notification's type.</param>
    /// <param name="attributes">The notification's attribute values.</param>
    public static bool Matches(JsonObject filter, string notificationType, IReadOnlyDictionary<string, string[]> attributes)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(attributes);
        foreach (var (key, value) in filter)
        {
            if (value is null)
            {
                continue;
            }

            if (key == NotificationTypesKey)
            {
                if (!Strings(value).Contains(notificationType, StringComparer.Ordinal))
                {
                    return false;
                }
            }
            else if (key == VnfProductsKey)
            {
                if (!MatchesProducts(value, attributes))
                {
                    return false;
                }
            }
            else if (value is JsonObject nested)
            {
                // A nested filter (SOL003 vnfInstanceSubscriptionFilter) holds attributes of the same notification.
                if (!Matches(nested, notificationType, attributes))
                {
                    return false;
                }
            }
            else
            {
                var wanted = Strings(value);
                if (wanted.Count > 0 && !(attributes.TryGetValue(key, out var actual) && actual.Any(a => wanted.Contains(a, StringComparer.Ordinal))))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool MatchesProducts(JsonNode value, IReadOnlyDictionary<string, string[]> attributes)
    {
        string? One(string key) => attributes.TryGetValue(key, out var v) && v.Length > 0 ? v[0] : null;
        var provider = One("vnfProvider");
        var product = One("vnfProductName");
        var softwareVersion = One("vnfSoftwareVersion");
        var vnfdVersion = One("vnfdVersion");
        return value is JsonArray providers && providers.OfType<JsonObject>().Any(p =>
            Text(p["vnfProvider"]) == provider
            && (p["vnfProducts"] is not JsonArray products || products.Count == 0 || products.OfType<JsonObject>().Any(pr =>
                Text(pr["vnfProductName"]) == product
                && (pr["versions"] is not JsonArray versions || versions.Count == 0 || versions.OfType<JsonObject>().Any(v =>
                    Text(v["vnfSoftwareVersion"]) == softwareVersion
                    && (v["vnfdVersions"] is not JsonArray vnfdVersions || vnfdVersions.Count == 0 || Strings(vnfdVersions).Contains(vnfdVersion ?? "", StringComparer.Ordinal)))))));
    }

    private static void ValidateInstanceFilter(JsonNode? value, string at, List<CatalogueProblem> problems)
    {
        if (value is not JsonObject nested)
        {
            problems.Add(new(at, "must be an object (VnfInstanceSubscriptionFilter)."));
            return;
        }

        foreach (var (key, child) in nested)
        {
            if (key == VnfProductsKey)
            {
                ValidateProducts(child, $"{at}.{key}", problems);
            }
            else if (VnfInstanceFilterAttributes.Contains(key, StringComparer.Ordinal))
            {
                _ = StringsOf(child, $"{at}.{key}", problems).ToList();
            }
            else
            {
                problems.Add(new($"{at}.{key}", $"'{key}' is not an attribute of a VnfInstanceSubscriptionFilter; it has {VnfProductsKey}, {string.Join(", ", VnfInstanceFilterAttributes)}."));
            }
        }
    }

    private static void ValidateProducts(JsonNode? value, string at, List<CatalogueProblem> problems)
    {
        if (value is not JsonArray providers)
        {
            problems.Add(new(at, "must be an array of {vnfProvider, vnfProducts} objects."));
            return;
        }

        for (var i = 0; i < providers.Count; i++)
        {
            if (providers[i] is not JsonObject p || Text(p["vnfProvider"]) is null)
            {
                problems.Add(new($"{at}[{i}]", "must be an object with a string 'vnfProvider'."));
                continue;
            }

            if (p["vnfProducts"] is JsonArray products)
            {
                for (var j = 0; j < products.Count; j++)
                {
                    if (products[j] is not JsonObject pr || Text(pr["vnfProductName"]) is null)
                    {
                        problems.Add(new($"{at}[{i}].vnfProducts[{j}]", "must be an object with a string 'vnfProductName'."));
                    }
                    else if (pr["versions"] is JsonArray versions)
                    {
                        for (var k = 0; k < versions.Count; k++)
                        {
                            if (versions[k] is not JsonObject v || Text(v["vnfSoftwareVersion"]) is null)
                            {
                                problems.Add(new($"{at}[{i}].vnfProducts[{j}].versions[{k}]", "must be an object with a string 'vnfSoftwareVersion'."));
                            }
                        }
                    }
                }
            }
            else if (p["vnfProducts"] is not null)
            {
                problems.Add(new($"{at}[{i}].vnfProducts", "must be an array."));
            }
        }
    }

    private static IEnumerable<(int Index, string Value)> StringsOf(JsonNode? value, string at, List<CatalogueProblem> problems)
    {
        if (value is not JsonArray array)
        {
            problems.Add(new(at, "must be an array of strings."));
            yield break;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (Text(array[i]) is { } text)
            {
                yield return (i, text);
            }
            else
            {
                problems.Add(new($"{at}[{i}]", "must be a string."));
            }
        }
    }

    private static List<string> Strings(JsonNode value) =>
        value is JsonArray array ? [.. array.Select(Text).OfType<string>()] : Text(value) is { } one ? [one] : [];

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

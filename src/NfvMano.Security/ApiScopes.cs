namespace NfvMano.Security;

/// <summary>
/// The OAuth 2.0 scopes of the NfvMano APIs: one read and one write scope per API name (SOL013 clause 8 leaves
/// the scope values to the deployment). <c>X:read</c> allows GET and HEAD on API <c>X</c>; <c>X:write</c> allows
/// every method, reads included, so a writer needs no second scope. The <c>admin</c> API's scopes also make the
/// holder an administrator (<see cref="Authorization.Administrators"/>): they are never implied by <c>*</c> and must be named.
/// </summary>
public static class ApiScopes
{
    /// <summary>The API names that have scopes (the first URI segment of their roots).</summary>
    public static IReadOnlyList<string> Apis { get; } = ["vnfpkgm", "nsd", "nslcm", "vnflcm", "vnffm", "vnfpm", "grant", Admin];

    /// <summary>The administration API (<c>/admin/v1</c>: the audit trail); its scopes make an administrator.</summary>
    public const string Admin = "admin";

    /// <summary>Every scope, read and write of every API, the admin scopes included.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Apis.SelectMany(a => new[] { Read(a), Write(a) })];

    /// <summary>What <c>*</c> stands for: every scope but the admin scopes, which are only granted by name.</summary>
    public static IReadOnlyList<string> AllButAdmin { get; } = [.. All.Where(s => !IsAdmin(s))];

    /// <summary>Whether the scope is one of the admin API's (<c>admin:read</c>, <c>admin:write</c>).</summary>
    /// <param name="scope">A scope value.</param>
    public static bool IsAdmin(string scope) => scope == Read(Admin) || scope == Write(Admin);

    /// <summary>The read scope of an API, e.g. <c>vnflcm:read</c>.</summary>
    /// <param name="api">The API name.</param>
    public static string Read(string api) => api + ":read";

    /// <summary>The write scope of an API, e.g. <c>vnflcm:write</c>.</summary>
    /// <param name="api">The API name.</param>
    public static string Write(string api) => api + ":write";

    /// <summary>Whether the value is one of <see cref="All"/>.</summary>
    /// <param name="scope">A scope value.</param>
    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    /// <summary>
    /// Parses a scope list as written in configuration or on the command line: values separated by spaces or
    /// commas; <c>*</c> stands for every scope but the admin scopes (<see cref="AllButAdmin"/>).
    /// </summary>
    /// <param name="text">The list.</param>
    /// <param name="scopes">The scopes, without duplicates.</param>
    /// <param name="unknown">Values that are no scope.</param>
    /// <returns>Whether every value was a scope.</returns>
    public static bool TryParse(string? text, out IReadOnlyList<string> scopes, out IReadOnlyList<string> unknown)
    {
        var values = (text ?? "").Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new List<string>();
        var bad = new List<string>();
        foreach (var value in values)
        {
            if (value == "*")
            {
                result.AddRange(AllButAdmin);
            }
            else if (IsKnown(value))
            {
                result.Add(value);
            }
            else
            {
                bad.Add(value);
            }
        }

        scopes = [.. result.Distinct(StringComparer.Ordinal)];
        unknown = bad;
        return bad.Count == 0;
    }
}

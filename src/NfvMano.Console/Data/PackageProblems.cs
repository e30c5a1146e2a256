using System.Text.Json.Nodes;

namespace NfvMano.Console.Data;

/// <summary>One onboarding problem: where (file and YAML path) and what.</summary>
public sealed record PackageProblem(string Location, string Message);

/// <summary>Reads the problems out of a package's <c>onboardingFailureDetails</c>.</summary>
public static class PackageProblems
{
    /// <summary>The summary and each problem (the summary alone when the failure lists none).</summary>
    public static (string? Detail, IReadOnlyList<PackageProblem> Problems) Of(string? failureJson)
    {
        if (string.IsNullOrEmpty(failureJson) || JsonNode.Parse(failureJson) is not JsonObject failure)
        {
            return (null, []);
        }

        var detail = (string?)failure["detail"];
        var problems = (failure["problems"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(p => new PackageProblem((string?)p["location"] ?? (string?)p["file"] ?? "", (string?)p["message"] ?? (string?)p["detail"] ?? ""))
            .ToList();
        return (detail, problems);
    }
}

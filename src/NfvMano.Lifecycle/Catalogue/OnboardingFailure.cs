using System.Text.Json.Nodes;
using NfvMano.Descriptors.Validation;

namespace NfvMano.Lifecycle.Catalogue;

/// <summary>
/// The SOL005 <c>onboardingFailureDetails</c> (a ProblemDetails) of a package or NSD that failed onboarding: a
/// summary in <c>detail</c> and every problem, with file and YAML path, in the <c>problems</c> extension.
/// </summary>
internal static class OnboardingFailure
{
    public static string FromProblems(string what, IReadOnlyList<Problem> problems)
    {
        var items = new JsonArray();
        foreach (var p in problems)
        {
            var item = new JsonObject
            {
                ["code"] = p.Code,
                ["file"] = p.File,
                ["path"] = p.Path,
                ["message"] = p.Message,
                ["location"] = p.Path.Length == 0 ? p.File : $"{p.File}: {p.Path}",
                ["detail"] = p.ToString(),
            };
            if (p.Line is { } line)
            {
                item["line"] = line;
            }

            if (p.Column is { } column)
            {
                item["column"] = column;
            }

            items.Add(item);
        }

        var noun = problems.Count == 1 ? "problem" : "problems";
        return new JsonObject
        {
            ["title"] = "Onboarding failed",
            ["status"] = 422,
            ["detail"] = $"{what} has {problems.Count} {noun}: " + string.Join("; ", problems.Select(p => p.ToString())),
            ["problems"] = items,
        }.ToJsonString();
    }

    public static string FromMessage(string detail, int status = 422) =>
        new JsonObject { ["title"] = "Onboarding failed", ["status"] = status, ["detail"] = detail }.ToJsonString();
}

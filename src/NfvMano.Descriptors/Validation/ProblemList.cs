using NfvMano.Descriptors.Tosca;

namespace NfvMano.Descriptors.Validation;

/// <summary>Collects every problem found so that all of them are reported at once.</summary>
public sealed class ProblemList
{
    private readonly List<Problem> _problems = [];

    /// <summary>The problems collected so far, in the order found.</summary>
    public IReadOnlyList<Problem> Items => _problems;

    /// <summary>True when no problem was recorded.</summary>
    public bool IsEmpty => _problems.Count == 0;

    /// <summary>Number of problems recorded.</summary>
    public int Count => _problems.Count;

    /// <summary>Records a problem.</summary>
    public void Add(Problem problem) => _problems.Add(problem);

    /// <summary>Records a problem not tied to a YAML location.</summary>
    public void Add(string code, string file, string message) => _problems.Add(new Problem(code, file, "", null, null, message));

    internal void Add(string code, YamlLocation at, string message) =>
        _problems.Add(new Problem(code, at.File, at.Path, at.Line, at.Column, message));

    internal void Add(string code, string file, string path, YNode? node, string message) =>
        _problems.Add(new Problem(code, file, path, node?.Line, node?.Column, message));
}

namespace NfvMano.Vim.OpenStack.Tests.Live;

/// <summary>
/// The live tests share one OpenStack: the fake hosts' pages and CPUs, and flavors, which are found by their
/// EPA and reused — a test that removes "its" flavor at the end would pull it from under another test's
/// server create. One at a time, so each knows what fits and what exists.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveOpenStackCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Live OpenStack";
}

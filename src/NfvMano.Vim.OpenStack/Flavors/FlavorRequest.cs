using NfvMano.Descriptors.Epa;

namespace NfvMano.Vim.OpenStack.Flavors;

/// <summary>What a VDU needs from a Nova flavor: its EPA requirements plus what they do not say.</summary>
/// <param name="Requirements">The normalised EPA requirements (vCPUs, memory, NUMA, pinning, pages, PCI affinity).</param>
/// <param name="RootDiskGiB">The root disk of the flavor; 0 lets Nova size it from the image.</param>
/// <param name="EmulatorThreads">Where the emulator threads of a pinned guest run.</param>
/// <param name="CpuTopology">Guest sockets / cores / threads, only where the descriptor states them.</param>
public sealed record FlavorRequest(
    VduRequirements Requirements,
    int RootDiskGiB = 0,
    EmulatorThreadsPolicy EmulatorThreads = EmulatorThreadsPolicy.Unspecified,
    GuestCpuTopology? CpuTopology = null);

/// <summary>Where Nova runs the emulator threads of a guest with dedicated CPUs.</summary>
public enum EmulatorThreadsPolicy
{
    /// <summary>Nothing stated: Nova's default (they float over the guest's pinned CPUs).</summary>
    Unspecified,

    /// <summary>On the host's shared CPU set.</summary>
    Share,

    /// <summary>On one extra dedicated host CPU of their own.</summary>
    Isolate,
}

/// <summary>The guest CPU topology; each member null when not stated.</summary>
/// <param name="Sockets">Guest sockets.</param>
/// <param name="Cores">Cores per socket.</param>
/// <param name="Threads">Threads per core.</param>
public sealed record GuestCpuTopology(int? Sockets, int? Cores, int? Threads);

/// <summary>A Nova flavor as NfvMano wants it.</summary>
/// <param name="Name">The deterministic name NfvMano gives the flavor when it has to create it.</param>
/// <param name="Vcpus">vCPUs.</param>
/// <param name="RamMiB">Memory in MiB.</param>
/// <param name="DiskGiB">Root disk in GiB.</param>
/// <param name="ExtraSpecs">The <c>hw:*</c> extra specs, ordered by key.</param>
public sealed record FlavorDefinition(string Name, int Vcpus, long RamMiB, int DiskGiB, IReadOnlyDictionary<string, string> ExtraSpecs)
{
    /// <summary>The extra specs as <c>key=value</c>, comma separated, for messages.</summary>
    public string DescribeExtraSpecs() =>
        ExtraSpecs.Count == 0 ? "(no extra specs)" : string.Join(", ", ExtraSpecs.Select(kv => $"{kv.Key}={kv.Value}"));
}

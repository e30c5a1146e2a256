namespace NfvMano.Placement.Requests;

/// <summary>One guest NUMA node as a descriptor states it explicitly.</summary>
/// <param name="Vcpus">vCPUs of this guest node.</param>
/// <param name="MemoryMiB">Memory of this guest node in MiB.</param>
public sealed record GuestNumaNode(int Vcpus, long MemoryMiB);

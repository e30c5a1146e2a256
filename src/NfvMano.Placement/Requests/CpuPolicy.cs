namespace NfvMano.Placement.Requests;

/// <summary>How guest vCPUs use host CPUs (Nova's <c>hw:cpu_policy</c>).</summary>
public enum CpuPolicy
{
    /// <summary>vCPUs float over the cell's shared CPUs, over-committed by the allocation ratio.</summary>
    Shared,

    /// <summary>Each vCPU is pinned to its own host CPU.</summary>
    Dedicated,
}

namespace NfvMano.Placement.Requests;

/// <summary>How dedicated vCPUs use SMT siblings (Nova's <c>hw:cpu_thread_policy</c>).</summary>
public enum ThreadPolicy
{
    /// <summary>Any free host CPUs; sibling pairs where convenient.</summary>
    Prefer,

    /// <summary>One vCPU per physical core; the core's other threads are reserved for the guest.</summary>
    Isolate,

    /// <summary>vCPUs come in sibling pairs on SMT cores; an odd count leaves one single.</summary>
    Require,
}

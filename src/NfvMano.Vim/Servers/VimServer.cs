namespace NfvMano.Vim.Servers;

/// <summary>A server as the VIM has it.</summary>
/// <param name="Ref">Where it is.</param>
/// <param name="Id">The VIM's own identifier (a UUID for libvirt).</param>
/// <param name="Owner">Our ownership record read back from the VIM, or null if it is not ours.</param>
/// <param name="State">Its power state.</param>
public sealed record VimServer(VimResourceRef Ref, string Id, ServerOwner? Owner, ServerState State)
{
    /// <summary>The availability zone the VIM reports the server in (OpenStack), or null where the VIM has none.</summary>
    public string? Zone { get; init; }
}

/// <summary>Power state of a server.</summary>
public enum ServerState
{
    /// <summary>The VIM cannot tell.</summary>
    Unknown,

    /// <summary>Defined, not running.</summary>
    Stopped,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Paused by the VIM.</summary>
    Paused,

    /// <summary>Shutting down.</summary>
    ShuttingDown,

    /// <summary>Crashed.</summary>
    Crashed,
}

/// <summary>How a stop ended.</summary>
public enum StopOutcome
{
    /// <summary>It was not running.</summary>
    AlreadyStopped,

    /// <summary>The guest shut down within the grace period.</summary>
    Graceful,

    /// <summary>The grace period ran out and the server was powered off.</summary>
    Forced,
}

namespace NfvMano.Vim.Events;

/// <summary>A lifecycle change of a server, as the VIM reported it.</summary>
/// <param name="Server">Which server.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Detail">The VIM's own detail code, for logs.</param>
/// <param name="ObservedAt">When the adapter received it.</param>
public sealed record ServerEvent(VimResourceRef Server, ServerEventKind Kind, int Detail, DateTimeOffset ObservedAt);

/// <summary>Kinds of server lifecycle events.</summary>
public enum ServerEventKind
{
    /// <summary>Defined or changed.</summary>
    Defined,

    /// <summary>Removed.</summary>
    Undefined,

    /// <summary>Started.</summary>
    Started,

    /// <summary>Paused.</summary>
    Suspended,

    /// <summary>Resumed.</summary>
    Resumed,

    /// <summary>Powered off or destroyed.</summary>
    Stopped,

    /// <summary>Guest-initiated shutdown in progress.</summary>
    Shutdown,

    /// <summary>Memory saved to disk.</summary>
    PMSuspended,

    /// <summary>Crashed.</summary>
    Crashed,

    /// <summary>A kind this adapter does not know.</summary>
    Other,
}

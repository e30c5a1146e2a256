using System.Runtime.InteropServices;

namespace NfvMano.Vim.Libvirt.Interop;

/// <summary>
/// Process-wide libvirt set-up, done once before the first connection: a silent error handler (errors
/// are read per call instead of printed) and the default event loop on its own thread, which domain
/// events and keepalive need.
/// </summary>
internal static unsafe class LibvirtRuntime
{
    private static readonly Lock Gate = new();
    private static bool initialized;

    /// <summary>The thread running <c>virEventRunDefaultImpl</c>.</summary>
    internal static Thread? EventThread { get; private set; }

    internal static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (initialized)
            {
                return;
            }

            try
            {
                Native.Check(NativeMethods.virInitialize(), "initialising libvirt");
            }
            catch (DllNotFoundException ex)
            {
                throw new LibvirtException(
                    "libvirt.so.0 is not installed on this machine (Debian package libvirt0); the libvirt VIM adapter needs it.", ex);
            }

            NativeMethods.virSetErrorFunc(0, &IgnoreError);
            Native.Check(NativeMethods.virEventRegisterDefaultImpl(), "registering the libvirt event loop");
            EventThread = new Thread(RunEventLoop) { IsBackground = true, Name = "libvirt-event-loop" };
            EventThread.Start();
            initialized = true;
        }
    }

    private static void RunEventLoop()
    {
        // Runs for the life of the process: libvirt has no way to unregister the default loop.
        while (true)
        {
            if (NativeMethods.virEventRunDefaultImpl() < 0)
            {
                NativeMethods.virResetLastError();
                Thread.Sleep(100);
            }
        }
    }

    [UnmanagedCallersOnly]
    private static void IgnoreError(nint userData, nint error)
    {
    }

    /// <summary>libvirt's library version as major.minor.micro.</summary>
    internal static Version LibraryVersion()
    {
        EnsureInitialized();
        Native.Check(NativeMethods.virGetVersion(out var lib, 0, out _), "reading the libvirt version");
        return new Version((int)(lib / 1_000_000), (int)(lib / 1000 % 1000), (int)(lib % 1000));
    }
}

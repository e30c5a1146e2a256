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

    /// <summary>
    /// Waits until the event loop has finished the iteration under way. A callback deregistered while
    /// libvirt is dispatching events is only dropped (with its connection reference) when that dispatch
    /// ends, so closing without this would report a leak that is merely late.
    /// </summary>
    internal static bool DrainEventLoop(TimeSpan timeout)
    {
        if (EventThread is null || Environment.CurrentManagedThreadId == EventThread.ManagedThreadId)
        {
            return true;
        }

        // Not disposed here: should the wait time out, the loop may still set it; the GC reclaims it.
        var fired = new ManualResetEventSlim();
        var handle = GCHandle.Alloc(fired);
        try
        {
            var timer = NativeMethods.virEventAddTimeout(0, &OnDrainTimer, GCHandle.ToIntPtr(handle), null);
            if (timer < 0)
            {
                NativeMethods.virResetLastError();
                return false;
            }

            var done = fired.Wait(timeout);
            NativeMethods.virEventRemoveTimeout(timer);
            NativeMethods.virResetLastError();
            return done;
        }
        finally
        {
            // The timer is removed, and libvirt only calls it from the loop thread, which has moved on.
            if (fired.IsSet)
            {
                handle.Free();
            }
        }
    }

    [UnmanagedCallersOnly]
    private static void OnDrainTimer(int timer, nint opaque)
    {
        if (GCHandle.FromIntPtr(opaque).Target is ManualResetEventSlim fired)
        {
            fired.Set();
        }

        NativeMethods.virEventRemoveTimeout(timer);
    }

    /// <summary>libvirt's library version as major.minor.micro.</summary>
    internal static Version LibraryVersion()
    {
        EnsureInitialized();
        Native.Check(NativeMethods.virGetVersion(out var lib, 0, out _), "reading the libvirt version");
        return new Version((int)(lib / 1_000_000), (int)(lib / 1000 % 1000), (int)(lib % 1000));
    }
}

using System.Runtime.InteropServices;

namespace NfvMano.Vim.Libvirt.Interop;

/// <summary>Base of every libvirt object handle: owns one reference, released by the type's own free call.</summary>
internal abstract class LibvirtHandle : SafeHandle
{
    protected LibvirtHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Adopts a raw pointer returned by a list call (which hands over one reference per element).</summary>
    internal void Adopt(nint pointer) => SetHandle(pointer);
}

internal sealed class ConnectHandle : LibvirtHandle
{
    /// <summary>What <c>virConnectClose</c> returned: the references still held elsewhere (0 = nothing leaked).</summary>
    public int CloseResult { get; private set; } = int.MinValue;

    protected override bool ReleaseHandle()
    {
        CloseResult = NativeMethods.virConnectClose(handle);
        return CloseResult >= 0;
    }
}

internal sealed class DomainHandle : LibvirtHandle
{
    protected override bool ReleaseHandle() => NativeMethods.virDomainFree(handle) == 0;
}

internal sealed class NetworkHandle : LibvirtHandle
{
    protected override bool ReleaseHandle() => NativeMethods.virNetworkFree(handle) == 0;
}

internal sealed class StoragePoolHandle : LibvirtHandle
{
    protected override bool ReleaseHandle() => NativeMethods.virStoragePoolFree(handle) == 0;
}

internal sealed class StorageVolumeHandle : LibvirtHandle
{
    protected override bool ReleaseHandle() => NativeMethods.virStorageVolFree(handle) == 0;
}

internal sealed class NodeDeviceHandle : LibvirtHandle
{
    protected override bool ReleaseHandle() => NativeMethods.virNodeDeviceFree(handle) == 0;
}

internal sealed class StreamHandle : LibvirtHandle
{
    protected override bool ReleaseHandle() => NativeMethods.virStreamFree(handle) == 0;
}

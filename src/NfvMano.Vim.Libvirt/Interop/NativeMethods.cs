using System.Runtime.InteropServices;

namespace NfvMano.Vim.Libvirt.Interop;

/// <summary>
/// The libvirt C API calls this adapter uses. Strings going in are UTF-8; <c>char*</c> results that
/// libvirt allocates come back as <see cref="nint"/> and are freed by <see cref="Native.TakeString"/>.
/// </summary>
internal static unsafe partial class NativeMethods
{
    private const string Lib = "libvirt.so.0";

    // --- library, errors, events
    [LibraryImport(Lib)] internal static partial int virInitialize();
    [LibraryImport(Lib)] internal static partial void virSetErrorFunc(nint userData, delegate* unmanaged<nint, nint, void> handler);
    [LibraryImport(Lib)] internal static partial nint virGetLastError();
    [LibraryImport(Lib)] internal static partial void virResetLastError();
    [LibraryImport(Lib)] internal static partial int virGetVersion(out ulong libVer, nint type, out ulong typeVer);
    [LibraryImport(Lib)] internal static partial int virEventRegisterDefaultImpl();
    [LibraryImport(Lib)] internal static partial int virEventRunDefaultImpl();
    [LibraryImport(Lib)] internal static partial int virEventAddTimeout(int frequency, delegate* unmanaged<int, nint, void> callback, nint opaque, delegate* unmanaged<nint, void> freeCallback);
    [LibraryImport(Lib)] internal static partial int virEventRemoveTimeout(int timer);

    // --- connection and node
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial ConnectHandle virConnectOpen(string? name);
    [LibraryImport(Lib)] internal static partial int virConnectClose(nint conn);
    [LibraryImport(Lib)] internal static partial int virConnectSetKeepAlive(ConnectHandle conn, int interval, uint count);
    [LibraryImport(Lib)] internal static partial nint virConnectGetCapabilities(ConnectHandle conn);
    [LibraryImport(Lib)] internal static partial nint virConnectGetHostname(ConnectHandle conn);
    [LibraryImport(Lib)] internal static partial int virNodeGetFreePages(ConnectHandle conn, uint npages, uint* pages, int startCell, uint cellCount, ulong* counts, uint flags);
    [LibraryImport(Lib)] internal static partial int virConnectListAllNodeDevices(ConnectHandle conn, out nint devices, uint flags);
    [LibraryImport(Lib)] internal static partial nint virNodeDeviceGetXMLDesc(NodeDeviceHandle dev, uint flags);
    [LibraryImport(Lib)] internal static partial int virNodeDeviceFree(nint dev);
    [LibraryImport(Lib)] internal static partial int virConnectDomainEventRegisterAny(ConnectHandle conn, nint dom, int eventId, nint callback, nint opaque, delegate* unmanaged<nint, void> freeCallback);
    [LibraryImport(Lib)] internal static partial int virConnectDomainEventDeregisterAny(ConnectHandle conn, int callbackId);

    // --- domains
    [LibraryImport(Lib)] internal static partial int virConnectListAllDomains(ConnectHandle conn, out nint domains, uint flags);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial DomainHandle virDomainDefineXML(ConnectHandle conn, string xml);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial DomainHandle virDomainLookupByName(ConnectHandle conn, string name);
    [LibraryImport(Lib)] internal static partial int virDomainCreate(DomainHandle dom);
    [LibraryImport(Lib)] internal static partial int virDomainShutdown(DomainHandle dom);
    [LibraryImport(Lib)] internal static partial int virDomainDestroy(DomainHandle dom);
    [LibraryImport(Lib)] internal static partial int virDomainReboot(DomainHandle dom, uint flags);
    [LibraryImport(Lib)] internal static partial int virDomainUndefineFlags(DomainHandle dom, uint flags);
    [LibraryImport(Lib)] internal static partial int virDomainGetState(DomainHandle dom, out int state, out int reason, uint flags);
    [LibraryImport(Lib)] internal static partial nint virDomainGetXMLDesc(DomainHandle dom, uint flags);
    [LibraryImport(Lib)] internal static partial nint virDomainGetName(nint dom);
    [LibraryImport(Lib)] internal static partial int virDomainGetUUIDString(DomainHandle dom, byte* buf);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint virDomainGetMetadata(DomainHandle dom, int type, string? uri, uint flags);
    [LibraryImport(Lib)] internal static partial int virDomainGetVcpuPinInfo(DomainHandle dom, int ncpumaps, byte* cpumaps, int maplen, uint flags);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int virDomainAttachDeviceFlags(DomainHandle dom, string xml, uint flags);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int virDomainDetachDeviceFlags(DomainHandle dom, string xml, uint flags);
    [LibraryImport(Lib)] internal static partial int virDomainFree(nint dom);

    // --- networks
    [LibraryImport(Lib)] internal static partial int virConnectListAllNetworks(ConnectHandle conn, out nint networks, uint flags);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial NetworkHandle virNetworkDefineXML(ConnectHandle conn, string xml);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial NetworkHandle virNetworkLookupByName(ConnectHandle conn, string name);
    [LibraryImport(Lib)] internal static partial int virNetworkCreate(NetworkHandle net);
    [LibraryImport(Lib)] internal static partial int virNetworkDestroy(NetworkHandle net);
    [LibraryImport(Lib)] internal static partial int virNetworkUndefine(NetworkHandle net);
    [LibraryImport(Lib)] internal static partial int virNetworkIsActive(NetworkHandle net);
    [LibraryImport(Lib)] internal static partial nint virNetworkGetName(NetworkHandle net);
    [LibraryImport(Lib)] internal static partial int virNetworkGetUUIDString(NetworkHandle net, byte* buf);
    [LibraryImport(Lib)] internal static partial nint virNetworkGetXMLDesc(NetworkHandle net, uint flags);
    [LibraryImport(Lib)] internal static partial int virNetworkFree(nint net);

    // --- storage
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial StoragePoolHandle virStoragePoolLookupByName(ConnectHandle conn, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial StoragePoolHandle virStoragePoolDefineXML(ConnectHandle conn, string xml, uint flags);
    [LibraryImport(Lib)] internal static partial int virStoragePoolBuild(StoragePoolHandle pool, uint flags);
    [LibraryImport(Lib)] internal static partial int virStoragePoolCreate(StoragePoolHandle pool, uint flags);
    [LibraryImport(Lib)] internal static partial int virStoragePoolIsActive(StoragePoolHandle pool);
    [LibraryImport(Lib)] internal static partial int virStoragePoolListAllVolumes(StoragePoolHandle pool, out nint volumes, uint flags);
    [LibraryImport(Lib)] internal static partial int virStoragePoolFree(nint pool);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial StorageVolumeHandle virStorageVolLookupByName(StoragePoolHandle pool, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial StorageVolumeHandle virStorageVolCreateXML(StoragePoolHandle pool, string xml, uint flags);
    [LibraryImport(Lib)] internal static partial int virStorageVolDelete(StorageVolumeHandle vol, uint flags);
    [LibraryImport(Lib)] internal static partial nint virStorageVolGetName(StorageVolumeHandle vol);
    [LibraryImport(Lib)] internal static partial nint virStorageVolGetPath(StorageVolumeHandle vol);
    [LibraryImport(Lib)] internal static partial nint virStorageVolGetXMLDesc(StorageVolumeHandle vol, uint flags);
    [LibraryImport(Lib)] internal static partial int virStorageVolGetInfo(StorageVolumeHandle vol, out StorageVolInfo info);
    [LibraryImport(Lib)] internal static partial int virStorageVolUpload(StorageVolumeHandle vol, StreamHandle stream, ulong offset, ulong length, uint flags);
    [LibraryImport(Lib)] internal static partial int virStorageVolFree(nint vol);
    [LibraryImport(Lib)] internal static partial StreamHandle virStreamNew(ConnectHandle conn, uint flags);
    [LibraryImport(Lib)] internal static partial int virStreamSend(StreamHandle stream, byte* data, nuint nbytes);
    [LibraryImport(Lib)] internal static partial int virStreamFinish(StreamHandle stream);
    [LibraryImport(Lib)] internal static partial int virStreamAbort(StreamHandle stream);
    [LibraryImport(Lib)] internal static partial int virStreamFree(nint stream);
}

/// <summary>The leading fields of libvirt's <c>virError</c> (the rest is not read).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeError
{
    public int Code;
    public int Domain;
    public nint Message;
    public int Level;
}

/// <summary><c>virStorageVolInfo</c>: type, then capacity and allocation in bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct StorageVolInfo
{
    public int Type;
    public ulong Capacity;
    public ulong Allocation;
}

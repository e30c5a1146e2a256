using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using NfvMano.Vim.Inventory;
using NfvMano.Vim.Libvirt.Domains;
using NfvMano.Vim.Libvirt.Interop;
using NfvMano.Vim.Libvirt.Inventory;
using NfvMano.Vim.Libvirt.Networks;
using NfvMano.Vim.Libvirt.Storage;
using NfvMano.Vim.Networks;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;

namespace NfvMano.Vim.Libvirt;

/// <summary>
/// One libvirt host behind one connection. Every method is synchronous and does its libvirt calls on
/// the calling thread, so each failure's error is read on the thread that saw it.
/// </summary>
internal sealed unsafe class LibvirtHost : IDisposable
{
    private const int DomainEventLifecycle = 0;
    private const int MetadataElement = 2;
    private const uint AffectLive = 1;
    private const uint AffectConfig = 2;
    private const uint UndefineManagedSaveAndSnapshots = 1 | 2;
    private const int StateRunning = 1;
    private const int StateBlocked = 2;
    private const int StatePaused = 3;
    private const int StateShutdown = 4;
    private const int StateShutoff = 5;
    private const int StateCrashed = 6;
    private const int StatePmSuspended = 7;

    private readonly Lock gate = new();
    private readonly Action<LibvirtHost, string, int, int> onLifecycle;
    private readonly DomainXmlBuilder domainXml;
    private ConnectHandle? connection;
    private int callbackId = -1;

    internal LibvirtHost(LibvirtHostOptions options, LibvirtNames names, string managerVersion, Action<LibvirtHost, string, int, int> onLifecycle)
    {
        Options = options;
        Names = names;
        this.onLifecycle = onLifecycle;
        domainXml = new DomainXmlBuilder(options, names, managerVersion);
    }

    internal LibvirtHostOptions Options { get; }

    internal LibvirtNames Names { get; }

    private string Id => Options.Id;

    /// <summary>The open connection; opened on first use.</summary>
    internal ConnectHandle Connection
    {
        get
        {
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(connection is { IsClosed: true }, this);
                if (connection is null)
                {
                    LibvirtRuntime.EnsureInitialized();
                    var conn = Native.Check(NativeMethods.virConnectOpen(Options.Uri), $"opening {Options.Uri} (host {Id})");
                    var self = GCHandle.Alloc(this);
                    delegate* unmanaged<nint, nint, int, int, nint, int> callback = &OnLifecycle;
                    var id = NativeMethods.virConnectDomainEventRegisterAny(conn, 0, DomainEventLifecycle, (nint)callback, GCHandle.ToIntPtr(self), &FreeCallbackState);
                    if (id < 0)
                    {
                        var error = Native.LastError($"subscribing to domain events on host {Id}");
                        self.Free();
                        conn.Dispose();
                        throw error;
                    }

                    callbackId = id;
                    connection = conn;

                    // Remote hosts (qemu+ssh, qemu+tls) need keepalive to notice a dead peer; drivers without it say so.
                    if (NativeMethods.virConnectSetKeepAlive(conn, 5, 3) < 0)
                    {
                        NativeMethods.virResetLastError();
                    }
                }

                return connection;
            }
        }
    }

    /// <summary>Closes the connection; returns what <c>virConnectClose</c> returned (0: no reference leaked), or null if never opened.</summary>
    internal int? Close()
    {
        lock (gate)
        {
            if (connection is null || connection.IsClosed)
            {
                return null;
            }

            if (callbackId >= 0)
            {
                NativeMethods.virConnectDomainEventDeregisterAny(connection, callbackId);
                callbackId = -1;
                LibvirtRuntime.DrainEventLoop(TimeSpan.FromSeconds(2));
            }

            connection.Dispose();
            return connection.CloseResult;
        }
    }

    public void Dispose() => Close();

    // ---------------------------------------------------------------- inventory

    internal HostTopology Discover()
    {
        var conn = Connection;
        var hostname = Native.TakeString(NativeMethods.virConnectGetHostname(conn), $"reading the hostname of host {Id}");
        IReadOnlyList<NumaCell> cells;
        if (Options.CapabilitiesFile is { } file)
        {
            string xml;
            try
            {
                xml = File.ReadAllText(file);
            }
            catch (IOException ex)
            {
                throw new VimException($"host {Id}: cannot read the capabilities file '{file}': {ex.Message}", ex);
            }

            cells = CapabilitiesParser.ParseCells(xml, $"file '{file}' (host {Id})");
        }
        else
        {
            var xml = Native.TakeString(NativeMethods.virConnectGetCapabilities(conn), $"reading capabilities of host {Id}");
            cells = WithFreePages(CapabilitiesParser.ParseCells(xml, $"host {Id}"));
        }

        return new HostTopology(Id, hostname, cells, NodeDeviceParser.ParseSriov(NodeDeviceXmls(), Options.PhysicalNetworks));
    }

    private IReadOnlyList<NumaCell> WithFreePages(IReadOnlyList<NumaCell> cells)
    {
        var sizes = cells.SelectMany(c => c.Pages).Select(p => (uint)p.SizeKiB).Distinct().Order().ToArray();
        if (cells.Count == 0 || sizes.Length == 0)
        {
            return cells;
        }

        var first = cells.Min(c => c.Id);
        var counts = new ulong[cells.Count * sizes.Length];
        int result;
        fixed (uint* pages = sizes)
        fixed (ulong* countPtr = counts)
        {
            result = NativeMethods.virNodeGetFreePages(Connection, (uint)sizes.Length, pages, first, (uint)cells.Count, countPtr, 0);
        }

        if (result < 0)
        {
            var error = Native.LastError($"reading free pages of host {Id}");
            return error.Code == LibvirtErrorCode.NoSupport ? cells : throw error;
        }

        return cells.Select(cell => cell with
        {
            Pages = cell.Pages.Select(p =>
            {
                var index = ((cell.Id - first) * sizes.Length) + Array.IndexOf(sizes, (uint)p.SizeKiB);
                return index >= 0 && index < counts.Length ? p with { Free = (long)counts[index] } : p;
            }).ToList(),
        }).ToList();
    }

    internal List<string> NodeDeviceXmls()
    {
        var count = NativeMethods.virConnectListAllNodeDevices(Connection, out var array, 0);
        if (count < 0)
        {
            var error = Native.LastError($"listing node devices of host {Id}");
            return error.Code == LibvirtErrorCode.NoSupport ? [] : throw error;
        }

        var result = new List<string>(count);
        foreach (var device in Native.TakeArray<NodeDeviceHandle>(array, count))
        {
            using (device)
            {
                result.Add(Native.TakeString(NativeMethods.virNodeDeviceGetXMLDesc(device, 0), $"reading a node device of host {Id}"));
            }
        }

        return result;
    }

    // ---------------------------------------------------------------- networks

    internal VimNetwork CreateNetwork(NetworkSpec spec) =>
        DefineAndStartNetwork(NetworkXmlBuilder.VirtualLink(spec, Options, Names), new VimResourceRef(Id, spec.Name));

    private VimNetwork DefineAndStartNetwork(string xml, VimResourceRef reference)
    {
        var what = $"network {reference}";
        using var network = Native.Check(NativeMethods.virNetworkDefineXML(Connection, xml), $"defining {what}");
        if (Native.Check(NativeMethods.virNetworkIsActive(network), $"reading the state of {what}") == 0)
        {
            var started = NativeMethods.virNetworkCreate(network);
            if (started < 0)
            {
                var error = Native.LastError($"starting {what}");
                if (error.Code != LibvirtErrorCode.OperationInvalid)
                {
                    throw error;
                }
            }
        }

        var uuid = Native.Uuid(b => NativeMethods.virNetworkGetUUIDString(network, (byte*)b), $"reading the UUID of {what}");
        return new VimNetwork(reference, uuid, true);
    }

    internal void DeleteNetwork(string libvirtName)
    {
        var what = $"network {Id}/{libvirtName}";
        using var network = NativeMethods.virNetworkLookupByName(Connection, libvirtName);
        if (network.IsInvalid)
        {
            var error = Native.LastError($"looking up {what}");
            if (error.Code == LibvirtErrorCode.NoNetwork)
            {
                return;
            }

            throw error;
        }

        if (NativeMethods.virNetworkIsActive(network) == 1)
        {
            var destroyed = NativeMethods.virNetworkDestroy(network);
            if (destroyed < 0 && Native.LastError($"stopping {what}") is { Code: not LibvirtErrorCode.OperationInvalid } error)
            {
                throw error;
            }
        }

        var undefined = NativeMethods.virNetworkUndefine(network);
        if (undefined < 0 && Native.LastError($"removing {what}") is { Code: not LibvirtErrorCode.NoNetwork } undefineError)
        {
            throw undefineError;
        }
    }

    /// <summary>Ensures the hostdev network of a physical network exists and runs (hostdev-network attachment mode).</summary>
    internal void EnsurePhysnetNetwork(string physnet)
    {
        var pfs = NodeDeviceParser.ParseSriov(NodeDeviceXmls(), Options.PhysicalNetworks)
            .Where(pf => pf.PhysicalNetwork == physnet)
            .Select(pf => pf.InterfaceName ?? throw new VimException($"host {Id}: PF {pf.PciAddress} of physical network '{physnet}' has no netdev name; a hostdev network needs it."))
            .ToList();
        if (pfs.Count == 0)
        {
            throw new VimException($"host {Id}: no SR-IOV PF is mapped to physical network '{physnet}' (configure PhysicalNetworks).");
        }

        DefineAndStartNetwork(NetworkXmlBuilder.PhysnetPool(physnet, pfs, Names), new VimResourceRef(Id, Names.PhysnetNetwork(physnet)));
    }

    internal List<VimNetwork> ListNetworks()
    {
        var count = Native.Check(NativeMethods.virConnectListAllNetworks(Connection, out var array, 0), $"listing networks of host {Id}");
        var result = new List<VimNetwork>();
        foreach (var network in Native.TakeArray<NetworkHandle>(array, count))
        {
            using (network)
            {
                var name = Native.BorrowString(NativeMethods.virNetworkGetName(network), $"reading a network name on host {Id}");
                if (Names.FromNetwork(name) is { } ours)
                {
                    var uuid = Native.Uuid(b => NativeMethods.virNetworkGetUUIDString(network, (byte*)b), $"reading the UUID of network {name}");
                    result.Add(new VimNetwork(new VimResourceRef(Id, ours), uuid, NativeMethods.virNetworkIsActive(network) == 1));
                }
            }
        }

        return result;
    }

    // ---------------------------------------------------------------- storage

    private string ImagePoolName => Options.BaseImageDirectory is null ? Options.StoragePool : Names.Prefix + "images";

    private StoragePoolHandle Pool(string name, string? pathIfMissing)
    {
        var pool = NativeMethods.virStoragePoolLookupByName(Connection, name);
        if (pool.IsInvalid)
        {
            var error = Native.LastError($"looking up storage pool {name} on host {Id}");
            pool.Dispose();
            if (error.Code != LibvirtErrorCode.NoStoragePool || pathIfMissing is null)
            {
                throw error;
            }

            pool = Native.Check(
                NativeMethods.virStoragePoolDefineXML(Connection, VolumeXmlBuilder.DirectoryPool(name, pathIfMissing), 0),
                $"defining storage pool {name} at {pathIfMissing} on host {Id}");

            // Build creates the directory on the host itself, which may be remote.
            if (NativeMethods.virStoragePoolBuild(pool, 0) < 0
                && Native.LastError($"creating the directory {pathIfMissing} of storage pool {name} on host {Id}") is { Code: not LibvirtErrorCode.NoSupport } buildError)
            {
                pool.Dispose();
                throw buildError;
            }
        }

        if (NativeMethods.virStoragePoolIsActive(pool) == 0)
        {
            var created = NativeMethods.virStoragePoolCreate(pool, 0);
            if (created < 0 && Native.LastError($"starting storage pool {name} on host {Id}") is { Code: not LibvirtErrorCode.OperationInvalid } error)
            {
                pool.Dispose();
                throw error;
            }
        }

        return pool;
    }

    private StoragePoolHandle VolumePool() => Pool(Options.StoragePool, Options.StoragePoolPath);

    private StoragePoolHandle ImagePool() => Pool(ImagePoolName, Options.BaseImageDirectory ?? Options.StoragePoolPath);

    /// <summary>Looks a volume up; returns null when it does not exist.</summary>
    private StorageVolumeHandle? FindVolume(StoragePoolHandle pool, string libvirtName)
    {
        var volume = NativeMethods.virStorageVolLookupByName(pool, libvirtName);
        if (!volume.IsInvalid)
        {
            return volume;
        }

        var error = Native.LastError($"looking up volume {libvirtName} on host {Id}");
        volume.Dispose();
        return error.Code == LibvirtErrorCode.NoStorageVolume ? null : throw error;
    }

    internal VimVolume CreateVolume(VolumeSpec spec)
    {
        var libvirtName = Names.Volume(spec.Name);
        using var pool = VolumePool();
        var existing = FindVolume(pool, libvirtName);
        if (existing is null)
        {
            string? backingPath = null;
            string? backingFormat = null;
            if (spec.BaseImage is { } image)
            {
                using var imagePool = ImagePool();
                using var baseVolume = FindVolume(imagePool, Names.Image(image))
                    ?? throw new VimException($"volume {spec.HostId}/{spec.Name}: base image '{image}' does not exist on host {Id}.");
                backingPath = Native.TakeString(NativeMethods.virStorageVolGetPath(baseVolume), $"reading the path of image {image}");
                backingFormat = VolumeXmlBuilder.FormatOf(Native.TakeString(NativeMethods.virStorageVolGetXMLDesc(baseVolume, 0), $"reading image {image}"));
            }

            existing = Native.Check(
                NativeMethods.virStorageVolCreateXML(pool, VolumeXmlBuilder.Volume(libvirtName, spec.CapacityBytes, backingPath, backingFormat), 0),
                $"creating volume {spec.HostId}/{spec.Name} in pool {Options.StoragePool}");
        }

        using (existing)
        {
            return ToVolume(existing, spec.Name);
        }
    }

    private VimVolume ToVolume(StorageVolumeHandle volume, string name)
    {
        var path = Native.TakeString(NativeMethods.virStorageVolGetPath(volume), $"reading the path of volume {Id}/{name}");
        Native.Check(NativeMethods.virStorageVolGetInfo(volume, out var info), $"reading volume {Id}/{name}");
        return new VimVolume(new VimResourceRef(Id, name), path, (long)info.Capacity);
    }

    internal void DeleteVolume(string libvirtName, string? poolName = null)
    {
        poolName ??= Options.StoragePool;
        using var pool = NativeMethods.virStoragePoolLookupByName(Connection, poolName);
        if (pool.IsInvalid)
        {
            // No pool, no volume: deleting what is gone succeeds.
            var poolError = Native.LastError($"looking up storage pool {poolName} on host {Id}");
            if (poolError.Code == LibvirtErrorCode.NoStoragePool)
            {
                return;
            }

            throw poolError;
        }

        using var volume = FindVolume(pool, libvirtName);
        if (volume is not null
            && NativeMethods.virStorageVolDelete(volume, 0) < 0
            && Native.LastError($"deleting volume {Id}/{libvirtName}") is { Code: not LibvirtErrorCode.NoStorageVolume } error)
        {
            throw error;
        }
    }

    internal VimImage CreateImage(ImageSpec spec)
    {
        var libvirtName = Names.Image(spec.Name);
        using var pool = ImagePool();
        var volume = FindVolume(pool, libvirtName);
        if (volume is null)
        {
            var file = new FileInfo(spec.SourcePath);
            if (!file.Exists)
            {
                throw new VimException($"image {spec.HostId}/{spec.Name}: source file '{spec.SourcePath}' does not exist.");
            }

            volume = Native.Check(
                NativeMethods.virStorageVolCreateXML(pool, VolumeXmlBuilder.Image(libvirtName, file.Length, spec.Format), 0),
                $"creating image volume {spec.HostId}/{spec.Name}");
            try
            {
                Upload(volume, file, $"image {spec.HostId}/{spec.Name}");
            }
            catch
            {
                NativeMethods.virStorageVolDelete(volume, 0);
                NativeMethods.virResetLastError();
                volume.Dispose();
                throw;
            }
        }

        using (volume)
        {
            var v = ToVolume(volume, spec.Name);
            return new VimImage(v.Ref, v.Path, v.CapacityBytes);
        }
    }

    private void Upload(StorageVolumeHandle volume, FileInfo file, string what)
    {
        using var stream = Native.Check(NativeMethods.virStreamNew(Connection, 0), $"opening an upload stream for {what}");
        Native.Check(NativeMethods.virStorageVolUpload(volume, stream, 0, (ulong)file.Length, 0), $"starting the upload of {what}");
        var buffer = new byte[1 << 20];
        using var source = file.OpenRead();
        try
        {
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                fixed (byte* data = buffer)
                {
                    var offset = 0;
                    while (offset < read)
                    {
                        var sent = Native.Check(NativeMethods.virStreamSend(stream, data + offset, (nuint)(read - offset)), $"uploading {what}");
                        offset += sent;
                    }
                }
            }

            Native.Check(NativeMethods.virStreamFinish(stream), $"finishing the upload of {what}");
        }
        catch
        {
            NativeMethods.virStreamAbort(stream);
            NativeMethods.virResetLastError();
            throw;
        }
    }

    internal void DeleteImage(string name) => DeleteVolume(Names.Image(name), ImagePoolName);

    internal (List<VimVolume> Volumes, List<VimImage> Images) ListStorage()
    {
        var volumes = new List<VimVolume>();
        var images = new List<VimImage>();
        foreach (var poolName in new[] { Options.StoragePool, ImagePoolName }.Distinct())
        {
            using var pool = NativeMethods.virStoragePoolLookupByName(Connection, poolName);
            if (pool.IsInvalid)
            {
                // A pool that was never created holds nothing of ours.
                var error = Native.LastError($"looking up storage pool {poolName} on host {Id}");
                if (error.Code == LibvirtErrorCode.NoStoragePool)
                {
                    continue;
                }

                throw error;
            }

            if (NativeMethods.virStoragePoolIsActive(pool) != 1)
            {
                continue;
            }

            var count = Native.Check(NativeMethods.virStoragePoolListAllVolumes(pool, out var array, 0), $"listing volumes of pool {poolName} on host {Id}");
            foreach (var volume in Native.TakeArray<StorageVolumeHandle>(array, count))
            {
                using (volume)
                {
                    var name = Native.BorrowString(NativeMethods.virStorageVolGetName(volume), $"reading a volume name in pool {poolName}");
                    if (poolName == Options.StoragePool && Names.FromVolume(name) is { } vol)
                    {
                        volumes.Add(ToVolume(volume, vol));
                    }
                    else if (poolName == ImagePoolName && Names.FromImage(name) is { } img)
                    {
                        var v = ToVolume(volume, img);
                        images.Add(new VimImage(v.Ref, v.Path, v.CapacityBytes));
                    }
                }
            }
        }

        return (volumes, images);
    }

    // ---------------------------------------------------------------- servers

    internal string BuildDomainXml(ServerSpec spec) => domainXml.Build(spec);

    internal VimServer CreateServer(ServerSpec spec)
    {
        if (Options.SriovAttachment == SriovAttachment.HostdevNetwork)
        {
            foreach (var physnet in spec.SriovPorts.Select(p => p.PhysicalNetwork).OfType<string>().Distinct())
            {
                EnsurePhysnetNetwork(physnet);
            }
        }

        var xml = domainXml.Build(spec);
        using var domain = Native.Check(NativeMethods.virDomainDefineXML(Connection, xml), $"defining server {Id}/{spec.Name}");
        return ToServer(domain, spec.Name) ?? throw new VimException($"server {Id}/{spec.Name} was defined without our metadata.");
    }

    /// <summary>Looks a domain up; returns null when it does not exist.</summary>
    internal DomainHandle? FindDomain(string name)
    {
        var domain = NativeMethods.virDomainLookupByName(Connection, Names.Domain(name));
        if (!domain.IsInvalid)
        {
            return domain;
        }

        var error = Native.LastError($"looking up server {Id}/{name}");
        domain.Dispose();
        return error.Code == LibvirtErrorCode.NoDomain ? null : throw error;
    }

    private DomainHandle RequireDomain(string name) =>
        FindDomain(name) ?? throw new LibvirtException($"looking up server {Id}/{name}", LibvirtErrorCode.NoDomain, 0, "no such server");

    internal void StartServer(string name)
    {
        using var domain = RequireDomain(name);
        if (State(domain, name) is ServerState.Running or ServerState.Paused)
        {
            return;
        }

        if (NativeMethods.virDomainCreate(domain) < 0
            && Native.LastError($"starting server {Id}/{name}") is { Code: not LibvirtErrorCode.OperationInvalid } error)
        {
            throw error;
        }
    }

    internal StopOutcome StopServer(string name, TimeSpan grace, TimeSpan poll, CancellationToken cancellationToken)
    {
        using var domain = RequireDomain(name);
        if (State(domain, name) is ServerState.Stopped)
        {
            return StopOutcome.AlreadyStopped;
        }

        // A guest without ACPI support makes the shutdown request fail: that is what the forced path is for.
        if (NativeMethods.virDomainShutdown(domain) < 0)
        {
            NativeMethods.virResetLastError();
        }
        else
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < grace)
            {
                if (State(domain, name) is ServerState.Stopped)
                {
                    return StopOutcome.Graceful;
                }

                cancellationToken.WaitHandle.WaitOne(poll);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (State(domain, name) is ServerState.Stopped)
            {
                return StopOutcome.Graceful;
            }
        }

        Destroy(domain, name);
        return StopOutcome.Forced;
    }

    private void Destroy(DomainHandle domain, string name)
    {
        if (NativeMethods.virDomainDestroy(domain) < 0
            && Native.LastError($"powering off server {Id}/{name}") is { Code: not LibvirtErrorCode.OperationInvalid } error)
        {
            throw error;
        }
    }

    internal void RebootServer(string name)
    {
        using var domain = RequireDomain(name);
        Native.Check(NativeMethods.virDomainReboot(domain, 0), $"rebooting server {Id}/{name}");
    }

    internal void DeleteServer(string name)
    {
        using var domain = FindDomain(name);
        if (domain is null)
        {
            return;
        }

        if (State(domain, name) is not ServerState.Stopped)
        {
            Destroy(domain, name);
        }

        var metadata = Metadata(domain, name);
        if (NativeMethods.virDomainUndefineFlags(domain, UndefineManagedSaveAndSnapshots) < 0
            && Native.LastError($"removing server {Id}/{name}") is { Code: not LibvirtErrorCode.NoDomain } error)
        {
            throw error;
        }

        foreach (var (pool, volume) in metadata?.OwnedVolumes ?? [])
        {
            DeleteVolume(volume, pool);
        }
    }

    internal ServerState? GetServerState(string name)
    {
        using var domain = FindDomain(name);
        return domain is null ? null : State(domain, name);
    }

    private ServerState State(DomainHandle domain, string name)
    {
        Native.Check(NativeMethods.virDomainGetState(domain, out var state, out _, 0), $"reading the state of server {Id}/{name}");
        return state switch
        {
            StateRunning or StateBlocked => ServerState.Running,
            StatePaused or StatePmSuspended => ServerState.Paused,
            StateShutdown => ServerState.ShuttingDown,
            StateShutoff => ServerState.Stopped,
            StateCrashed => ServerState.Crashed,
            _ => ServerState.Unknown,
        };
    }

    private OwnershipMetadata? Metadata(DomainHandle domain, string name)
    {
        var pointer = NativeMethods.virDomainGetMetadata(domain, MetadataElement, OwnershipMetadata.NamespaceUri, 0);
        if (pointer == 0)
        {
            var error = Native.LastError($"reading the metadata of server {Id}/{name}");
            return error.Code == LibvirtErrorCode.NoDomainMetadata ? null : throw error;
        }

        return OwnershipMetadata.Parse(Native.TakeString(pointer, $"reading the metadata of server {Id}/{name}"), name);
    }

    private VimServer? ToServer(DomainHandle domain, string name)
    {
        var metadata = Metadata(domain, name);
        if (metadata is null)
        {
            return null;
        }

        var uuid = Native.Uuid(b => NativeMethods.virDomainGetUUIDString(domain, (byte*)b), $"reading the UUID of server {Id}/{name}");
        return new VimServer(new VimResourceRef(Id, name), uuid, metadata.Owner, State(domain, name));
    }

    internal List<VimServer> ListServers()
    {
        var count = Native.Check(NativeMethods.virConnectListAllDomains(Connection, out var array, 0), $"listing servers of host {Id}");
        var result = new List<VimServer>();
        foreach (var domain in Native.TakeArray<DomainHandle>(array, count))
        {
            using (domain)
            {
                var libvirtName = Native.BorrowString(NativeMethods.virDomainGetName(domain.DangerousGetHandle()), $"reading a domain name on host {Id}");
                if (Names.FromDomain(libvirtName) is { } name && ToServer(domain, name) is { } server)
                {
                    result.Add(server);
                }
            }
        }

        return result;
    }

    internal string GetServerXml(string name, bool inactive)
    {
        using var domain = RequireDomain(name);
        return Native.TakeString(NativeMethods.virDomainGetXMLDesc(domain, inactive ? 2u : 0u), $"reading the XML of server {Id}/{name}");
    }

    /// <summary>The host CPUs each vCPU may run on, as the running domain reports them.</summary>
    internal List<IReadOnlyList<int>> GetVcpuPinning(string name, int vcpuCount)
    {
        const int MapLength = 64; // 512 host CPUs
        using var domain = RequireDomain(name);
        var maps = new byte[vcpuCount * MapLength];
        int n;
        fixed (byte* p = maps)
        {
            n = Native.Check(NativeMethods.virDomainGetVcpuPinInfo(domain, vcpuCount, p, MapLength, AffectLive), $"reading the vCPU pinning of server {Id}/{name}");
        }

        var result = new List<IReadOnlyList<int>>(n);
        for (var vcpu = 0; vcpu < n; vcpu++)
        {
            var cpus = new List<int>();
            for (var bit = 0; bit < MapLength * 8; bit++)
            {
                if ((maps[(vcpu * MapLength) + (bit / 8)] & (1 << (bit % 8))) != 0)
                {
                    cpus.Add(bit);
                }
            }

            result.Add(cpus);
        }

        return result;
    }

    internal void AttachPort(string name, VirtioPortSpec port)
    {
        using var domain = RequireDomain(name);
        var running = State(domain, name) == ServerState.Running;
        var mac = port.MacAddress;
        // Plugged already where it must be (a repeated call after a crash): nothing to do.
        var flags = (mac is null || InterfaceByMac(domain, name, mac, live: false) is null ? AffectConfig : 0)
            | (running && (mac is null || InterfaceByMac(domain, name, mac, live: true) is null) ? AffectLive : 0);
        if (flags == 0)
        {
            return;
        }

        var xml = DomainXmlBuilder.VirtioInterface(port, Names).ToString();
        Native.Check(NativeMethods.virDomainAttachDeviceFlags(domain, xml, flags), $"attaching a port on {port.Network} to server {Id}/{name}");
    }

    // A live unplug only asks the guest to release the device (ACPI/PCIe hot-unplug): libvirt returns before it is
    // gone. Waiting for it keeps "detached" meaning detached, so that the same MAC can be plugged elsewhere next.
    private static readonly TimeSpan LiveDetachTimeout = TimeSpan.FromSeconds(30);

    internal void DetachPort(string name, string mac)
    {
        using var domain = RequireDomain(name);
        var running = State(domain, name) == ServerState.Running;
        var inConfig = InterfaceByMac(domain, name, mac, live: false);
        var inLive = running ? InterfaceByMac(domain, name, mac, live: true) : null;
        if (inConfig is null && inLive is null)
        {
            return;
        }

        var flags = (inConfig is null ? 0 : AffectConfig) | (inLive is null ? 0 : AffectLive);
        Native.Check(NativeMethods.virDomainDetachDeviceFlags(domain, (inLive ?? inConfig)!.ToString(), flags), $"detaching port {mac} from server {Id}/{name}");
        if (inLive is null)
        {
            return;
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (InterfaceByMac(domain, name, mac, live: true) is not null)
        {
            if (waited.Elapsed > LiveDetachTimeout)
            {
                throw new TimeoutException(
                    $"port {mac} of server {Id}/{name} is still plugged {LiveDetachTimeout.TotalSeconds:0} s after the unplug request: the guest has not released it (live unplug needs the guest's PCI hot-unplug support)");
            }
            Thread.Sleep(100);
        }
    }

    private static XElement? InterfaceByMac(DomainHandle domain, string name, string mac, bool live)
    {
        // 2 = VIR_DOMAIN_XML_INACTIVE: the persistent definition; 0: the running guest.
        var xml = XElement.Parse(Native.TakeString(NativeMethods.virDomainGetXMLDesc(domain, live ? 0u : 2u), $"reading the XML of server {name}"));
        return xml.Element("devices")?.Elements("interface")
            .FirstOrDefault(i => string.Equals((string?)i.Element("mac")?.Attribute("address"), mac, StringComparison.OrdinalIgnoreCase));
    }

    // ---------------------------------------------------------------- events

    [UnmanagedCallersOnly]
    private static int OnLifecycle(nint conn, nint dom, int eventType, int detail, nint opaque)
    {
        // Runs on the event-loop thread: read the name, hand the event on, return at once.
        try
        {
            if (GCHandle.FromIntPtr(opaque).Target is LibvirtHost host)
            {
                var name = NativeMethods.virDomainGetName(dom);
                if (name != 0)
                {
                    host.onLifecycle(host, Marshal.PtrToStringUTF8(name) ?? "", eventType, detail);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // An exception must never cross back into C; a host being disposed just loses the event.
        }

        return 0;
    }

    [UnmanagedCallersOnly]
    private static void FreeCallbackState(nint opaque) => GCHandle.FromIntPtr(opaque).Free();
}

using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Vnfd;
using NfvMano.Persistence;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>
/// The VNFD of an onboarded package, parsed from the stored archive once per process (an onboarded package's
/// content never changes).
/// </summary>
public sealed class VnfdSource(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<Guid, VnfDescriptor> _cache = new();

    /// <summary>The package's VNFD.</summary>
    /// <exception cref="InvalidOperationException">The package has no content or it no longer parses.</exception>
    public async Task<VnfDescriptor> GetAsync(Guid packageId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(packageId, out var cached))
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var content = await db.VnfPackageContents.AsNoTracking().Where(c => c.PackageId == packageId)
            .Select(c => c.Content).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"VNF package {packageId} has no content");
        using var stream = new MemoryStream(content, writable: false);
        var result = CsarReader.ReadAny(stream);
        var vnfd = result.Vnfd ?? throw new InvalidOperationException(
            $"VNF package {packageId} holds no valid VNFD: {string.Join("; ", result.Problems)}");
        return _cache.GetOrAdd(packageId, vnfd);
    }

    /// <summary>
    /// The bytes of one file of the package's archive (a software image), or null when the package is not an archive
    /// or has no such file.
    /// </summary>
    /// <param name="packageId">The package.</param>
    /// <param name="path">The file's path inside the archive, as the VNFD resolves it (<c>Files/images/x.qcow2</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<byte[]?> FileAsync(Guid packageId, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var content = await db.VnfPackageContents.AsNoTracking().Where(c => c.PackageId == packageId)
            .Select(c => c.Content).SingleOrDefaultAsync(cancellationToken);
        // A ZIP starts with "PK"; a package uploaded as a single YAML file carries no artifacts.
        if (content is not { Length: > 4 } || content[0] != 'P' || content[1] != 'K')
        {
            return null;
        }
        using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        var wanted = path.TrimStart('/');
        var entry = zip.Entries.FirstOrDefault(e => e.FullName.TrimStart('/') == wanted);
        if (entry is null)
        {
            return null;
        }
        await using var stream = await entry.OpenAsync(cancellationToken);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    /// <summary>The flavour, or an explanation of which flavours exist.</summary>
    public static DeploymentFlavour Flavour(VnfDescriptor vnfd, string flavourId)
    {
        ArgumentNullException.ThrowIfNull(vnfd);
        return vnfd.Flavours.FirstOrDefault(f => f.FlavourId == flavourId)
            ?? throw new VnfLcmException(VnfLcmErrorKind.Invalid,
                $"VNFD {vnfd.DescriptorId} has no deployment flavour '{flavourId}'; it has {string.Join(", ", vnfd.Flavours.Select(f => f.FlavourId))}.");
    }
}

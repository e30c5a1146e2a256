using System.Collections.Concurrent;
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

    /// <summary>The flavour, or an explanation of which flavours exist.</summary>
    public static DeploymentFlavour Flavour(VnfDescriptor vnfd, string flavourId)
    {
        ArgumentNullException.ThrowIfNull(vnfd);
        return vnfd.Flavours.FirstOrDefault(f => f.FlavourId == flavourId)
            ?? throw new VnfLcmException(VnfLcmErrorKind.Invalid,
                $"VNFD {vnfd.DescriptorId} has no deployment flavour '{flavourId}'; it has {string.Join(", ", vnfd.Flavours.Select(f => f.FlavourId))}.");
    }
}

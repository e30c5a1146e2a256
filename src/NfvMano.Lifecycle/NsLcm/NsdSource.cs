using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Nsd;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence;

namespace NfvMano.Lifecycle.NsLcm;

/// <summary>
/// The NSD of an onboarded NSD info, parsed from the stored content once per process (onboarded content never changes).
/// </summary>
public sealed class NsdSource(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<Guid, NsDescriptor> _cache = new();

    /// <summary>The NSD held by the NSD info.</summary>
    /// <exception cref="InvalidOperationException">The NSD info has no content or it no longer parses.</exception>
    public async Task<NsDescriptor> GetAsync(Guid nsdInfoId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(nsdInfoId, out var cached))
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var content = await db.NsdContents.AsNoTracking().Where(c => c.NsdInfoId == nsdInfoId)
            .Select(c => c.Content).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"NSD {nsdInfoId} has no content");
        using var stream = new MemoryStream(content, writable: false);
        var result = CsarReader.ReadAny(stream, "nsd.yaml");
        var nsd = result.Nsd ?? throw new InvalidOperationException(
            $"NSD {nsdInfoId} holds no valid NSD: {string.Join("; ", result.Problems)}");
        return _cache.GetOrAdd(nsdInfoId, nsd);
    }

    /// <summary>The NS deployment flavour, or an explanation of which flavours exist.</summary>
    public static NsFlavour Flavour(NsDescriptor nsd, string? flavourId)
    {
        ArgumentNullException.ThrowIfNull(nsd);
        if (string.IsNullOrWhiteSpace(flavourId))
        {
            throw new NsLcmException(VnfLcmErrorKind.Invalid, "nsFlavourId is required.");
        }
        return nsd.Flavours.FirstOrDefault(f => f.FlavourId == flavourId)
            ?? throw new NsLcmException(VnfLcmErrorKind.Unprocessable,
                $"NSD {nsd.DescriptorId} has no NS deployment flavour '{flavourId}'; it has {string.Join(", ", nsd.Flavours.Select(f => f.FlavourId))}.");
    }
}

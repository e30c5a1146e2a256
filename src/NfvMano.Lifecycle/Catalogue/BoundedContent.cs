using System.Security.Cryptography;

namespace NfvMano.Lifecycle.Catalogue;

/// <summary>Reads uploaded or fetched content into memory, refusing more than a limit, and digests it.</summary>
internal static class BoundedContent
{
    public static async Task<byte[]> ReadAsync(Stream source, long maxBytes, string what, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > maxBytes)
            {
                throw new CatalogueException(CatalogueErrorKind.TooLarge,
                    $"{what} is larger than the limit of {maxBytes} bytes (NfvMano:Catalogue:MaxContentBytes).");
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

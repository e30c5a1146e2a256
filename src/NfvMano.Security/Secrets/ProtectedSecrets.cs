using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace NfvMano.Security.Secrets;

/// <summary>
/// Secrets kept in configuration encrypted with the Data Protection key ring of the database: a value
/// <c>protected:…</c> (made by <c>NfvMano.Server secrets protect</c>) is decrypted when the server starts; any other
/// value is taken as it is, and the server warns that a plain secret sits in its configuration.
/// </summary>
public sealed class ProtectedSecrets(IDataProtectionProvider provider)
{
    /// <summary>The prefix of a protected value.</summary>
    public const string Prefix = "protected:";

    // Versioned so that another kind of payload can never be mistaken for a secret of this one.
    private readonly IDataProtector _protector = provider.CreateProtector("NfvMano.Secrets.Configuration.v1");

    /// <summary>Whether the value is a protected one.</summary>
    /// <param name="value">A configuration value.</param>
    public static bool IsProtected(string? value) => value?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>Encrypts a secret into a value to put in configuration.</summary>
    /// <param name="secret">The secret.</param>
    /// <returns><c>protected:</c> followed by the Data Protection payload.</returns>
    public string Protect(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + _protector.Protect(secret);
    }

    /// <summary>The secret of a configuration value: decrypted when protected, as it is otherwise.</summary>
    /// <param name="value">The configuration value.</param>
    /// <param name="key">The configuration key, for the error message.</param>
    /// <returns>The secret.</returns>
    /// <exception cref="InvalidOperationException">The value is protected but cannot be decrypted with this database's keys.</exception>
    public string Reveal(string value, string key)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsProtected(value))
        {
            return value;
        }

        try
        {
            return _protector.Unprotect(value[Prefix.Length..]);
        }
        catch (CryptographicException e)
        {
            // The payload is no secret, but it says nothing useful either: the key and the cause do.
            throw new InvalidOperationException(
                $"{key}: the protected value cannot be decrypted with the Data Protection keys of this database ({e.Message}). " +
                "Protect the secret again with 'NfvMano.Server secrets protect' run against the database this server uses.", e);
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.Console;

/// <summary>
/// A local operator account of the web console. The password is kept only as an ASP.NET Core Identity
/// password hash (PBKDF2 with a per-hash salt); the role decides what the operator may change.
/// </summary>
public sealed class OperatorAccountEntity : IVersioned
{
    /// <summary>The account id.</summary>
    public Guid Id { get; set; }

    /// <summary>The sign-in name, unique; compared as stored (lower case).</summary>
    public string UserName { get; set; } = "";

    /// <summary>The password hash (never the password).</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary><c>viewer</c>, <c>operator</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = "viewer";

    /// <summary>The tenant whose resources the operator sees.</summary>
    public string TenantId { get; set; } = "default";

    /// <summary>Whether the next sign-in must first choose a new password (one-time and admin-set passwords).</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>A disabled account cannot sign in, and its open sessions lose their rights.</summary>
    public bool Disabled { get; set; }

    /// <summary>Failed sign-ins since the last success; locks the account for a while past a threshold.</summary>
    public int FailedSignIns { get; set; }

    /// <summary>Until when sign-in is refused after too many failures.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The last successful sign-in.</summary>
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <inheritdoc />
    public long Version { get; set; }
}

internal sealed class OperatorAccountEntityConfiguration : IEntityTypeConfiguration<OperatorAccountEntity>
{
    public void Configure(EntityTypeBuilder<OperatorAccountEntity> builder)
    {
        builder.ToTable("operator_accounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.UserName).HasMaxLength(64).IsRequired();
        builder.Property(a => a.PasswordHash).HasMaxLength(512).IsRequired();
        builder.Property(a => a.Role).HasMaxLength(16).IsRequired();
        builder.Property(a => a.TenantId).HasMaxLength(128).IsRequired();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.UserName).IsUnique();
    }
}

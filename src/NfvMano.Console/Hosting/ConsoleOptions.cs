using System.ComponentModel.DataAnnotations;

namespace NfvMano.Console.Hosting;

/// <summary>Options of the operator web console (section <see cref="Section"/>).</summary>
public sealed class ConsoleOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "NfvMano:Console";

    /// <summary>
    /// The password of the <c>admin</c> account created at the first start (when no admin exists); it must still be
    /// changed at the first sign-in. Unset: a random one-time password is printed once to standard output.
    /// </summary>
    public string? InitialAdminPassword { get; set; }

    /// <summary>How long a console session lasts without activity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (InitialAdminPassword is { Length: < Accounts.OperatorAccounts.MinimumPasswordLength })
        {
            yield return new ValidationResult(
                $"{Section}:InitialAdminPassword must have at least {Accounts.OperatorAccounts.MinimumPasswordLength} characters.",
                [nameof(InitialAdminPassword)]);
        }
    }
}

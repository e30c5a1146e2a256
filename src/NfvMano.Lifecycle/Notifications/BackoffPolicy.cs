using Microsoft.Extensions.Options;

namespace NfvMano.Lifecycle.Notifications;

/// <summary>
/// Exponential backoff with jitter between delivery attempts: the n-th failure waits
/// <c>min(max, initial·2^(n-1))</c>, of which the second half is random, so subscribers that came back are not
/// hit by every sender at the same instant.
/// </summary>
public sealed class BackoffPolicy
{
    private readonly IOptions<NotificationOptions> _options;
    private readonly Random _random;

    /// <summary>Creates the policy.</summary>
    /// <param name="options">Initial and maximum wait.</param>
    /// <param name="random">The source of jitter (injected so tests can fix it).</param>
    public BackoffPolicy(IOptions<NotificationOptions> options, Random random)
    {
        _options = options;
        _random = random;
    }

    /// <summary>The wait after the given number of failed attempts (1 or more).</summary>
    /// <param name="failedAttempts">Attempts made so far, all failed.</param>
    public TimeSpan After(int failedAttempts)
    {
        var o = _options.Value;
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var full = Math.Min(o.MaxBackoff.TotalMilliseconds, o.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent));
        double jitter;
        lock (_random)
        {
            jitter = _random.NextDouble();
        }

        return TimeSpan.FromMilliseconds((full / 2) + (full / 2 * jitter));
    }
}

namespace NfvMano.Lifecycle.Tests.Support;

/// <summary>A clock the test moves by hand (timers still run on real time, which these tests do not use).</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

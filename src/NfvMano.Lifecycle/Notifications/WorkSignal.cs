namespace NfvMano.Lifecycle.Notifications;

/// <summary>
/// Wakes a background worker as soon as work was committed in this process, so it need not wait for its next
/// poll; the poll still finds work left by other processes or by a crash.
/// </summary>
public abstract class WorkSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    /// <summary>Says there is work.</summary>
    public void Notify()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers all work committed until the worker runs.
        }
    }

    /// <summary>Waits until signalled or the timeout passes.</summary>
    /// <param name="timeout">Longest wait.</param>
    /// <param name="time">The clock the timeout runs on.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var delay = Task.Delay(timeout, time, cts.Token);
            var signal = _semaphore.WaitAsync(cts.Token);
            await Task.WhenAny(delay, signal);
            await cts.CancelAsync();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Signals the notification worker that new outbox messages were committed.</summary>
public sealed class NotificationSignal : WorkSignal;

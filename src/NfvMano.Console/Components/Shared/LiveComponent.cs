using Microsoft.AspNetCore.Components;

namespace NfvMano.Console.Components.Shared;

/// <summary>
/// A page that re-reads its data on a timer inside the circuit and pushes the new render to the browser over the
/// circuit's connection: progress shows without a page reload and without the browser polling.
/// </summary>
public abstract class LiveComponent : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>How often the data is read again.</summary>
    protected virtual TimeSpan RefreshInterval => TimeSpan.FromMilliseconds(700);

    /// <summary>Cancelled when the page goes away.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>The last error of a refresh, shown by the page.</summary>
    protected string? RefreshError { get; private set; }

    /// <summary>Reads the page's data.</summary>
    protected abstract Task RefreshAsync();

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await SafeRefreshAsync();
        _loop = LoopAsync();
    }

    /// <summary>Reads the data again now (after an action) and renders.</summary>
    protected async Task RefreshNowAsync()
    {
        await SafeRefreshAsync();
        StateHasChanged();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task SafeRefreshAsync()
    {
        try
        {
            await RefreshAsync();
            RefreshError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RefreshError = e.Message;
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(async () =>
                {
                    await SafeRefreshAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // the page went away
        }
    }
}

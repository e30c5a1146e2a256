using Microsoft.Extensions.DependencyInjection;

namespace NfvMano.Console.Data;

/// <summary>
/// Runs each read or change in a DI scope of its own. A console circuit lives for minutes and refreshes on timers, so
/// it must not hold one database context for its whole life nor share one between overlapping calls.
/// </summary>
public sealed class ConsoleData(IServiceScopeFactory scopes)
{
    /// <summary>Runs <paramref name="work"/> with <typeparamref name="TService"/> from a fresh scope.</summary>
    public async Task<TResult> RunAsync<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Runs <paramref name="work"/> with <typeparamref name="TService"/> from a fresh scope.</summary>
    public async Task RunAsync<TService>(Func<TService, Task> work)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}

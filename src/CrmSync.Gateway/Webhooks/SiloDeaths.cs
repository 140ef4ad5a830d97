namespace CrmSync.Gateway.Webhooks;

/// <summary>Signals each silo declared dead to the changes in flight (<see cref="WebhookIntake"/>); <see cref="SiloDeathWatch"/> finds them out.</summary>
public sealed class SiloDeaths
{
    private TaskCompletionSource _next = NewSignal();

    /// <summary>Completes when the next silo is declared dead.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Declared() => Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

using System.Collections.Concurrent;
using System.Reflection;
using CrmSync.Abstractions;

namespace CrmSync.Gateway.Tests.Support;

/// <summary>
/// Record grains for the webhook intake alone: each Accept is remembered and answered as the test says (by default
/// accepted at once), so a test can hold changes in flight for as long as it needs, or fail them.
/// </summary>
public sealed class RecordGrainsDouble
{
    private readonly ConcurrentQueue<RecordChange> _received = new();

    public RecordGrainsDouble()
    {
        var factory = DispatchProxy.Create<IGrainFactory, FactoryProxy>();
        ((FactoryProxy)(object)factory).Grains = this;
        Factory = factory;
    }

    public IGrainFactory Factory { get; }

    /// <summary>How a grain answers Accept; the change has been counted as received before this runs.</summary>
    public Func<RecordChange, Task<AcceptOutcome>> Accept { get; set; } = _ => Task.FromResult(AcceptOutcome.Accepted);

    /// <summary>Every change a grain was asked to accept, i.e. everything the gateway tried to store.</summary>
    public IReadOnlyCollection<RecordChange> Received => _received;

    private ValueTask<AcceptOutcome> AcceptAsync(RecordChange change)
    {
        _received.Enqueue(change);
        return new ValueTask<AcceptOutcome>(Accept(change));
    }

    public class FactoryProxy : DispatchProxy
    {
        internal RecordGrainsDouble Grains { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod is { Name: nameof(IGrainFactory.GetGrain) } && targetMethod.ReturnType == typeof(IRecordGrain) && args?[0] is string)
            {
                var grain = DispatchProxy.Create<IRecordGrain, GrainProxy>();
                ((GrainProxy)(object)grain).Grains = Grains;
                return grain;
            }

            throw new NotSupportedException($"The webhook intake gets record grains by key and nothing else; it called {targetMethod}.");
        }
    }

    public class GrainProxy : DispatchProxy
    {
        internal RecordGrainsDouble Grains { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IRecordGrain.Accept) && args?[0] is RecordChange change
                ? Grains.AcceptAsync(change)
                : throw new NotSupportedException($"The webhook intake only calls Accept on a record grain; it called {targetMethod}.");
    }
}

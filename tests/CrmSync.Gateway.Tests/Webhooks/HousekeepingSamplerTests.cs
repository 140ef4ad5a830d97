using System.Diagnostics;
using CrmSync.Abstractions;
using CrmSync.ServiceDefaults;
using OpenTelemetry.Trace;

namespace CrmSync.Gateway.Tests.Webhooks;

/// <summary>The dead-silo watch's membership calls stay out of the traces; every other span is sampled.</summary>
public sealed class HousekeepingSamplerTests
{
    [Theory]
    [InlineData("IMembershipViewGrain/DeadSilos", SamplingDecision.Drop)]
    [InlineData("CrmSync.Abstractions.IMembershipViewGrain/DeadSilos", SamplingDecision.Drop)]
    [InlineData("IRecordGrain/Accept", SamplingDecision.RecordAndSample)]
    [InlineData("POST /webhooks/{source}", SamplingDecision.RecordAndSample)]
    public void OnlyTheMembershipWatchsCallsAreDropped(string name, SamplingDecision decision)
    {
        var parameters = new SamplingParameters(default, ActivityTraceId.CreateRandom(), name, ActivityKind.Client);

        Assert.Equal(decision, new HousekeepingSampler().ShouldSample(parameters).Decision);
    }

    [Fact]
    public void TheWatchsGrainIsTheOneNamed() =>
        Assert.Contains($"{nameof(IMembershipViewGrain)}/", HousekeepingSampler.Interfaces);
}

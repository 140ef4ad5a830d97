namespace CrmSync.Bench.Tests;

public sealed class CpuMeterTests(BareServerFixture bare) : IClassFixture<BareServerFixture>
{
    [Fact]
    public void TheHarnessOwnCpuTimeIsCounted()
    {
        var meter = CpuMeter.Start(new Dictionary<string, int>());
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        while ((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds < 300)
        {
            Thread.SpinWait(10_000);
        }

        var usage = meter.Stop();

        Assert.InRange(usage.ProcessSeconds[CpuMeter.Harness], 0.25, usage.WallSeconds * Environment.ProcessorCount + 0.05);
        Assert.NotNull(usage.OtherSeconds);
    }

    [Fact]
    public async Task AnotherProcessIsCountedUnderItsName()
    {
        using var load = new LoadClient();
        var requests = Enumerable.Range(0, 2000).Select(i => PreparedRequest.Webhook($"{{\"n\":{i}}}", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).ToList();
        var meter = CpuMeter.Start(new Dictionary<string, int> { ["bare"] = bare.ProcessId });

        await load.ClosedLoopAsync(bare.Url, requests, concurrency: 8);
        var usage = meter.Stop();

        Assert.True(usage.ProcessSeconds["bare"] > 0, $"the bare server answered 2,000 requests in {usage.ProcessSeconds["bare"]} CPU seconds");
        Assert.Contains("bare ", usage.ToString());
    }
}

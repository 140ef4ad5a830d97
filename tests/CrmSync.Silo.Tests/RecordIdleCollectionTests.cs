using CrmSync.Grains;
using CrmSync.Silo.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace CrmSync.Silo.Tests;

public sealed class RecordIdleCollectionTests
{
    [Fact]
    public void IdleAfterSetsTheRecordGrainsCollectionAgeAndShortensTheQuantumBelowIt()
    {
        var options = CollectionOptions(new() { [RecordIdleCollection.IdleAfterKey] = "00:00:20" });

        Assert.Equal(TimeSpan.FromSeconds(20), options.ClassSpecificCollectionAge[typeof(RecordGrain).FullName!]);
        Assert.Equal(TimeSpan.FromSeconds(10), options.CollectionQuantum);
    }

    [Fact]
    public void AnIdleAgeLongerThanTheQuantumLeavesTheQuantumAlone()
    {
        var options = CollectionOptions(new() { [RecordIdleCollection.IdleAfterKey] = "00:10:00" });

        Assert.Equal(TimeSpan.FromMinutes(10), options.ClassSpecificCollectionAge[typeof(RecordGrain).FullName!]);
        Assert.Equal(GrainCollectionOptions.DEFAULT_COLLECTION_QUANTUM, options.CollectionQuantum);
    }

    [Fact]
    public void WithoutIdleAfterOrleansDefaultsHold()
    {
        var options = CollectionOptions([]);

        Assert.Empty(options.ClassSpecificCollectionAge);
        Assert.Equal(GrainCollectionOptions.DEFAULT_COLLECTION_QUANTUM, options.CollectionQuantum);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("00:00:00.5")]
    public void AnIdleAgeThatIsNotATimeOfAtLeastASecondSaysWhatToSet(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CollectionOptions(new() { [RecordIdleCollection.IdleAfterKey] = value }));

        Assert.Equal(
            $"CrmSync:Records:IdleAfter is '{value}'; set it to a time of at least one second such as 00:10:00, or leave it out for Orleans' default of two hours.",
            error.Message);
    }

    private static GrainCollectionOptions CollectionOptions(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRecordIdleCollection();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
    }
}

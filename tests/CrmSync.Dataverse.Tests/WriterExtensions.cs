using CrmSync.Dataverse.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmSync.Dataverse.Tests;

public static class WriterExtensions
{
    /// <summary>A writer with one application user, the fixture's client.</summary>
    public static BatchingDataverseWriter NewWriter(this EmulatorFixture dataverse, DataverseWriterOptions? options = null) => new(
        [new WriterLane("test", dataverse.Client)],
        new DataverseCapabilities(),
        Options.Create(options ?? new DataverseWriterOptions()),
        NullLogger<BatchingDataverseWriter>.Instance);

    /// <summary>What a record grain does: a transient failure is sent again after the delay the server asked for.</summary>
    public static async Task<WriteResult> WriteUntilDoneAsync(this IDataverseWriter writer, RowWrite write)
    {
        while (true)
        {
            var result = await writer.WriteAsync(write);
            if (result.Status != WriteStatus.Transient)
            {
                return result;
            }

            await Task.Delay(result.RetryAfter ?? TimeSpan.FromMilliseconds(100));
        }
    }
}

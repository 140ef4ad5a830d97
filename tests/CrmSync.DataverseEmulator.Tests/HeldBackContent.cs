namespace CrmSync.DataverseEmulator.Tests;

/// <summary>A JSON body sent one byte at a time until <paramref name="release"/> completes, so a request stays inside the emulator.</summary>
public sealed class HeldBackContent(string json, Task release) : HttpContent
{
    private readonly byte[] bytes = Encoding.UTF8.GetBytes(json);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(bytes.AsMemory(0, 1));
        await stream.FlushAsync();
        await release;
        await stream.WriteAsync(bytes.AsMemory(1));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = bytes.Length;
        return true;
    }
}

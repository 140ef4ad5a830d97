using Microsoft.Extensions.Logging;

namespace CrmSync.Grains;

/// <summary>
/// A record activated twice. Orleans' default directory allows a short-lived duplicate activation while silos leave and
/// join; storage's etag lets only one of them store (InconsistentStateException for the other), but the other's Dataverse
/// writes may already be out. This is how the record still ends with its newest acknowledged state in Dataverse (I1).
/// </summary>
public sealed partial class RecordGrain
{
    private const int HandOverAttempts = 8;

    // Storage refused this activation's state because another activation stored a newer one; whether this activation
    // sent writes to Dataverse (any of them may have landed); and whether it has asked the other to write its state again.
    private bool _superseded;
    private bool _rowsWritten;
    private bool _handedOver;

    /// <summary>
    /// Storage refused this activation's state because another activation of the record stored a newer one: Orleans'
    /// directory allows a short-lived duplicate while silos leave and join. If this one wrote rows, its last write may
    /// have reached Dataverse after the other's and put an older state (or a deleted row) back, unguarded where it had no
    /// etag to send; the other, believing its own write is there, would never write again (I1). So once this activation's
    /// writes are all answered, it asks whichever activation now holds the record to write its state again (Rewrite).
    /// The ask runs off this activation, which is going away, and is retried while membership settles.
    /// </summary>
    private void HandOverIfSuperseded()
    {
        if (!_superseded || !_rowsWritten || _writing || _handedOver)
        {
            return;
        }

        _handedOver = true;
        var key = _key;
        var record = _self;
        LogSuperseded(key);
        _ = Task.Run(async () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await record.Rewrite();
                    return;
                }
                catch (Exception ex) when (attempt < HandOverAttempts)
                {
                    LogHandOverRetry(ex, key, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(attempt));
                }
                catch (Exception ex)
                {
                    LogHandOverFailed(ex, key, attempt);
                    return;
                }
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record {Key}: another activation stored a newer state after this one wrote rows; asking it to write its state again, over whatever this one left in Dataverse")]
    private partial void LogSuperseded(RecordKey key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Record {Key}: the request to write its state again failed (attempt {Attempt}); trying again")]
    private partial void LogHandOverRetry(Exception exception, RecordKey key, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Record {Key}: the request to write its state again failed {Attempt} times; a reconcile will find its row if it is stale")]
    private partial void LogHandOverFailed(Exception exception, RecordKey key, int attempt);
}

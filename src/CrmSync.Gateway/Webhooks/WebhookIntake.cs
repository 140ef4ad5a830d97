using Microsoft.Extensions.Options;

namespace CrmSync.Gateway.Webhooks;

/// <summary>
/// Hands a request's changes to their record grains: records in parallel, one record's changes in
/// the order the request lists them. Returns only when every grain has answered, i.e. stored its change.
/// </summary>
public sealed class WebhookIntake(IGrainFactory grains, IOptions<WebhookOptions> options)
{
    public async Task<IReadOnlyList<ChangeResult>> AcceptAsync(string source, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken)
    {
        var outcomes = new AcceptOutcome[changes.Count];
        var perRecord = Enumerable.Range(0, changes.Count)
            .GroupBy(i => (changes[i].Entity, changes[i].SourceId))
            .Select(async group =>
            {
                var grain = grains.GetGrain<IRecordGrain>(new RecordKey(source, group.Key.Entity, group.Key.SourceId).ToString());
                foreach (var index in group)
                {
                    outcomes[index] = await grain.Accept(changes[index]);
                }
            });

        await Task.WhenAll(perRecord).WaitAsync(options.Value.AcceptTimeout, cancellationToken);
        return changes.Select((change, i) => new ChangeResult(change, outcomes[i])).ToList();
    }
}

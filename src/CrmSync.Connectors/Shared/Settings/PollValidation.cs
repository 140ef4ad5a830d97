using Microsoft.Extensions.Options;

namespace CrmSync.Connectors.Shared;

/// <summary>
/// A source's Poll settings: an interval under a second would hammer the CRM, a negative overlap would skip changes,
/// and an interval on a kind with no changed-since query would silently never poll; each stops start-up saying so.
/// </summary>
public sealed class PollValidation(IEnumerable<IConnectorChangeFeed> feeds) : IValidateOptions<CrmSyncOptions>
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, CrmSyncOptions options)
    {
        var failures = new List<string>();
        foreach (var (source, settings) in options.Sources)
        {
            var prefix = $"{SourceSettings.Prefix(source)}:Poll";
            if (settings.Poll.Interval is { } interval && interval < MinimumInterval)
            {
                failures.Add($"{prefix}:Interval is {interval}; set it to {MinimumInterval} or more, or remove it to switch polling off.");
            }

            if (settings.Poll.Overlap < TimeSpan.Zero)
            {
                failures.Add($"{prefix}:Overlap is {settings.Poll.Overlap}; set it to zero or more (30 s by default), so that no change slips between rounds.");
            }

            if (settings.Poll.Enabled && feeds.All(feed => feed.Kind != settings.Kind))
            {
                failures.Add($"{prefix}:Interval is set, but a {settings.Kind} source cannot be polled yet ({string.Join(", ", feeds.Select(feed => feed.Kind))} can); remove it and rely on the source's webhooks.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

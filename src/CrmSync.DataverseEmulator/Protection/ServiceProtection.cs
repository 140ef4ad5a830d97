using System.Collections.Concurrent;
using CrmSync.DataverseEmulator.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSync.DataverseEmulator.Protection;

/// <summary>
/// Dataverse's service-protection limits (specs/dataverse.md §5), kept per user as Dataverse keeps them per
/// application user: the caller's <c>X-Emulator-User</c> header, else its <c>Authorization</c> header, is its identity.
/// </summary>
public sealed class ServiceProtection(IOptions<EmulatorOptions> options, TimeProvider time)
{
    public const string UserHeader = "X-Emulator-User";

    private readonly ConcurrentDictionary<string, UserBudget> budgets = new(StringComparer.Ordinal);
    private volatile ServiceProtectionLimits limits = ServiceProtectionLimits.From(options.Value.Limits, options.Value.DopHint);

    public ServiceProtectionLimits Limits
    {
        get => limits;
        set => limits = value;
    }

    public static string UserOf(HttpRequest request) =>
        request.Headers[UserHeader].FirstOrDefault() is { Length: > 0 } user ? user : request.Headers.Authorization.ToString();

    /// <summary>Admits a request or refuses it; an admitted request must be ended with <see cref="Admission.End"/>.</summary>
    public Admission Admit(string user)
    {
        var budget = budgets.GetOrAdd(user, _ => new UserBudget());
        var current = limits;
        var started = time.GetTimestamp();
        return new Admission(time, current, budget, started, budget.TryEnter(current, started, time.TimestampFrequency));
    }

    /// <summary>Forgets every user's usage, e.g. between benchmark runs.</summary>
    public void Reset() => budgets.Clear();

    public sealed class Admission(TimeProvider time, ServiceProtectionLimits limits, UserBudget budget, long started, BudgetDecision decision)
    {
        private int ended;

        public ServiceProtectionLimits Limits => limits;

        public BudgetDecision Decision => decision;

        public bool Admitted => decision.Refused is null;

        /// <summary>Frees the request's concurrency slot and adds its execution time; only the first call counts.</summary>
        public void End()
        {
            if (Admitted && Interlocked.Exchange(ref ended, 1) == 0)
            {
                var now = time.GetTimestamp();
                budget.Exit(now, now - started);
            }
        }
    }
}

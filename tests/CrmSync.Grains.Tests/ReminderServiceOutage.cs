using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Timers;

namespace CrmSync.Grains.Tests;

/// <summary>
/// Makes the silo's reminder service refuse registrations, as a reminder service on a silo that was killed and is not yet
/// declared dead does; the reminder table itself stays available.
/// </summary>
public sealed class ReminderServiceOutage
{
    public bool Unavailable { get; set; }

    public int Refused;

    /// <summary>Puts the outage between grains and Orleans' own reminder registry.</summary>
    public static void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ReminderServiceOutage>();
        var orleans = services.Last(service => service.ServiceType == typeof(IReminderRegistry));
        services.Remove(orleans);
        services.AddSingleton<IReminderRegistry>(provider => new Registry(
            (IReminderRegistry)ActivatorUtilities.CreateInstance(provider, orleans.ImplementationType!),
            provider.GetRequiredService<ReminderServiceOutage>()));
    }

    private sealed class Registry(IReminderRegistry orleans, ReminderServiceOutage outage) : IReminderRegistry
    {
        public Task<IGrainReminder> RegisterOrUpdateReminder(GrainId callingGrainId, string reminderName, TimeSpan dueTime, TimeSpan period) =>
            RegisterOrUpdateReminder(callingGrainId, reminderName, dueTime, period, CancellationToken.None);

        public Task<IGrainReminder> RegisterOrUpdateReminder(GrainId callingGrainId, string reminderName, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken)
        {
            if (!outage.Unavailable)
            {
                return orleans.RegisterOrUpdateReminder(callingGrainId, reminderName, dueTime, period, cancellationToken);
            }

            Interlocked.Increment(ref outage.Refused);
            return Task.FromException<IGrainReminder>(new SiloUnavailableException("The reminder service's silo is unavailable (test outage)."));
        }

        public Task UnregisterReminder(GrainId callingGrainId, IGrainReminder reminder) => orleans.UnregisterReminder(callingGrainId, reminder);

        public Task UnregisterReminder(GrainId callingGrainId, IGrainReminder reminder, CancellationToken cancellationToken) =>
            orleans.UnregisterReminder(callingGrainId, reminder, cancellationToken);

        public Task<IGrainReminder?> GetReminder(GrainId callingGrainId, string reminderName) => orleans.GetReminder(callingGrainId, reminderName);

        public Task<IGrainReminder?> GetReminder(GrainId callingGrainId, string reminderName, CancellationToken cancellationToken) =>
            orleans.GetReminder(callingGrainId, reminderName, cancellationToken);

        public Task<List<IGrainReminder>> GetReminders(GrainId callingGrainId) => orleans.GetReminders(callingGrainId);

        public Task<List<IGrainReminder>> GetReminders(GrainId callingGrainId, CancellationToken cancellationToken) =>
            orleans.GetReminders(callingGrainId, cancellationToken);
    }
}

using CrmSync.Grains;
using Orleans.Configuration;

namespace CrmSync.Silo.Diagnostics;

/// <summary>How long a record grain may stay idle in memory before Orleans deactivates it (<c>CrmSync:Records:IdleAfter</c>).</summary>
public static class RecordIdleCollection
{
    public const string IdleAfterKey = "CrmSync:Records:IdleAfter";

    /// <summary>
    /// Record grains idle for <c>CrmSync:Records:IdleAfter</c> are deactivated; without the setting Orleans' default of
    /// two hours holds. Orleans looks for idle grains once per collection quantum (one minute) and refuses an age that is
    /// not longer than the quantum, so a shorter age shortens the quantum to half of it.
    /// </summary>
    public static IHostApplicationBuilder AddRecordIdleCollection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GrainCollectionOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if (IdleAfter(configuration) is not { } idleAfter)
            {
                return;
            }

            options.ClassSpecificCollectionAge[typeof(RecordGrain).FullName!] = idleAfter;
            if (options.CollectionQuantum >= idleAfter)
            {
                options.CollectionQuantum = idleAfter / 2;
            }
        });
        return builder;
    }

    /// <summary>The configured idle age, or null when it is not set.</summary>
    public static TimeSpan? IdleAfter(IConfiguration configuration) => configuration[IdleAfterKey] switch
    {
        null or "" => null,
        var text when TimeSpan.TryParse(text, out var age) && age >= TimeSpan.FromSeconds(1) => age,
        var text => throw new InvalidOperationException(
            $"{IdleAfterKey} is '{text}'; set it to a time of at least one second such as 00:10:00, or leave it out for Orleans' default of two hours."),
    };
}

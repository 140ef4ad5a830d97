namespace CrmSync.Silo.Usage;

public static class UsageExtensions
{
    /// <summary>Reports this silo's meters to the usage grain, for <c>crmsync forecast</c>.</summary>
    public static IHostApplicationBuilder AddUsageRecording(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<UsageOptions>(builder.Configuration.GetSection(UsageOptions.SectionName));
        builder.Services.AddHostedService<UsageRecorder>();
        return builder;
    }
}

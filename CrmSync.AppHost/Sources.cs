using System.Globalization;
using CrmSync.Hosting;

namespace CrmSync.AppHost;

/// <summary>
/// The webhook sources: <c>generic</c>, signed with the secret parameter <c>generic-webhook-secret</c>; with
/// <c>--demo</c>, also <c>demo</c> (a REST source), <c>servicenow</c> and <c>salesforce</c>, which read the CRM simulator
/// (<c>crm</c>) and take webhooks signed with the same secret.
/// </summary>
public sealed record Sources(IResourceBuilder<ParameterResource> WebhookSecret, IResourceBuilder<ProjectResource>? Crm)
{
    public const string WebhookSecretParameter = "generic-webhook-secret";
}

public static class SourcesExtensions
{
    public static Sources AddSources(this IDistributedApplicationBuilder builder, AppHostOptions options)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            DevelopmentWebhookSecret.Provide(builder, Sources.WebhookSecretParameter, options.DataDirectory);
        }

        var secret = builder.AddParameter(Sources.WebhookSecretParameter, secret: true);
        var crm = options.Demo
            ? builder.AddProject<Projects.CrmSync_CrmSimulator>(CrmSyncResources.Crm)
                .WithHttpEndpoint(port: options.CrmPort)
                .WithEnvironment("Simulator__Accounts", options.DemoAccounts.ToString(CultureInfo.InvariantCulture))
                .WithEnvironment("Simulator__Contacts", (options.DemoAccounts * 2).ToString(CultureInfo.InvariantCulture))
                .WithCrmSyncDefaults(builder)
                .WithUrl("/api", "CRM API")
            : null;
        return new Sources(secret, crm);
    }

    /// <summary>What every silo and gateway knows of the sources: kinds, choice values and, with --demo, how to read the CRM.</summary>
    public static IResourceBuilder<ProjectResource> WithSources(this IResourceBuilder<ProjectResource> project, Sources sources)
    {
        foreach (var (name, value) in SourceSettings.Generic())
        {
            project.WithEnvironment(name, value);
        }

        if (sources.Crm is { } crm)
        {
            foreach (var (name, value) in SourceSettings.Demo().Concat(SourceSettings.DemoCrms()))
            {
                project.WithEnvironment(name, value);
            }

            foreach (var variable in SourceSettings.DemoCrmUrlVariables)
            {
                project.WithEnvironment(variable, crm.GetEndpoint("http"));
            }

            project.WaitFor(crm);
        }

        return project;
    }

    /// <summary>The gateway checks each source's webhooks with its secret.</summary>
    public static IResourceBuilder<ProjectResource> WithWebhookSecrets(this IResourceBuilder<ProjectResource> gateway, Sources sources)
    {
        gateway.WithEnvironment(SourceSettings.SecretVariable(SourceSettings.GenericSource), sources.WebhookSecret);
        if (sources.Crm is not null)
        {
            foreach (var source in SourceSettings.DemoWebhookSources)
            {
                gateway.WithEnvironment(SourceSettings.SecretVariable(source), sources.WebhookSecret);
            }
        }

        return gateway;
    }
}

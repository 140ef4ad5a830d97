using System.Globalization;
using CrmSync.Hosting;

namespace CrmSync.AppHost;

/// <summary>
/// The webhook sources: <c>generic</c>, signed with the secret parameter <c>generic-webhook-secret</c>; with
/// <c>--demo</c>, also <c>demo</c> (a REST source), <c>servicenow</c>, <c>salesforce</c>, <c>zendesk</c>, <c>hubspot</c>
/// and <c>pipedrive</c>, which read the CRM simulator (<c>crm</c>), and <c>dynamics365</c>, which reads a second
/// Dataverse emulator (<c>dynamics365</c>); all take webhooks signed or keyed with the same secret.
/// </summary>
public sealed record Sources(IResourceBuilder<ParameterResource> WebhookSecret, IResourceBuilder<ProjectResource>? Crm, IResourceBuilder<ProjectResource>? Organisation)
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
        // An organisation of its own (empty, filled through its Web API), so the demo source never reads CrmSync's target.
        var organisation = options.Demo
            ? builder.AddProject<Projects.CrmSync_DataverseEmulator>(CrmSyncResources.Dynamics365Organisation)
                .WithHttpEndpoint(port: options.Dynamics365Port)
                .WithEnvironment("Emulator__DatabasePath", Path.Combine(options.DataDirectory, "dynamics365.db"))
                .WithEnvironment("Emulator__Webhooks__Key", secret)
                .WithCrmSyncDefaults(builder)
                .WithUrl("/api/data/v9.2/", "Web API")
            : null;
        return new Sources(secret, crm, organisation);
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

            foreach (var (variable, path) in SourceSettings.DemoCrmUrlVariables)
            {
                project.WithEnvironment(variable, ReferenceExpression.Create($"{crm.GetEndpoint("http")}{path}"));
            }

            project.WaitFor(crm);
        }

        if (sources.Organisation is { } organisation)
        {
            project.WithEnvironment(SourceSettings.DemoDynamics365ConnectionVariable, ReferenceExpression.Create($"AuthType=None;Url={organisation.GetEndpoint("http")}"))
                .WaitFor(organisation);
        }

        return project;
    }

    /// <summary>The gateway checks each source's webhooks with its secret; the demo organisation posts its own to the gateway.</summary>
    public static IResourceBuilder<ProjectResource> WithWebhookSecrets(this IResourceBuilder<ProjectResource> gateway, Sources sources)
    {
        gateway.WithEnvironment(SourceSettings.SecretVariable(SourceSettings.GenericSource), sources.WebhookSecret);
        if (sources.Crm is not null)
        {
            foreach (var variable in SourceSettings.DemoWebhookSecretVariables)
            {
                gateway.WithEnvironment(variable, sources.WebhookSecret);
            }

            foreach (var (name, value) in SourceSettings.DemoWebhookSettings())
            {
                gateway.WithEnvironment(name, value);
            }
        }

        // A webhook registered on the organisation's accounts and contacts, as an admin registers one with the Plug-in Registration Tool.
        sources.Organisation?.WithEnvironment(
            "Emulator__Webhooks__Url",
            ReferenceExpression.Create($"{gateway.GetEndpoint("http")}/webhooks/{SourceSettings.DemoDynamics365Source}"));
        return gateway;
    }
}

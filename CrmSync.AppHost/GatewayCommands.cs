using System.Net.Http.Json;

namespace CrmSync.AppHost;

/// <summary>The gateway's admin API as commands in the dashboard's resource menu.</summary>
public static class GatewayCommands
{
    public const string RetryParked = "retry-parked";
    public const string StartInitialSync = "start-initial-sync";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static IResourceBuilder<ProjectResource> WithCrmSyncCommands(this IResourceBuilder<ProjectResource> gateway) => gateway
        .WithHttpCommand("/admin/records/retry-parked", "Retry parked records", commandName: RetryParked,
            commandOptions: new HttpCommandOptions
            {
                Description = "Sends every parked record's write to Dataverse again (POST /admin/records/retry-parked).",
                IconName = "ArrowClockwise",
                Method = HttpMethod.Post,
            })
        .WithCommand(StartInitialSync, "Start initial sync", context => StartInitialSyncAsync(gateway, context),
            new CommandOptions
            {
                Description = "Asks for a source and an entity, then starts or resumes its initial sync (POST /admin/sync/{source}/{entity}).",
                IconName = "ArrowSync",
                UpdateState = context => context.ResourceSnapshot.HealthStatus is Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            });

    private static async Task<ExecuteCommandResult> StartInitialSyncAsync(IResourceBuilder<ProjectResource> gateway, ExecuteCommandContext context)
    {
        var interaction = context.Services.GetRequiredService<IInteractionService>();
        if (!interaction.IsAvailable)
        {
            return CommandResults.Failure("The interaction service is not available (no dashboard); use: crmsync sync start <source> <entity>.");
        }

        var answer = await interaction.PromptInputsAsync(
            "Start initial sync",
            "Reads every record of an entity from a REST source's CRM and syncs it to Dataverse.",
            [
                new InteractionInput { Name = "source", Label = "Source", InputType = InputType.Text, Required = true, Placeholder = "demo" },
                new InteractionInput
                {
                    Name = "entity", Label = "Entity", InputType = InputType.Choice, Required = true,
                    Options = [new("account", "account"), new("contact", "contact")],
                },
            ],
            cancellationToken: context.CancellationToken);
        if (answer.Canceled)
        {
            return CommandResults.Canceled();
        }

        var source = Uri.EscapeDataString(answer.Data["source"].Value ?? "");
        var entity = Uri.EscapeDataString(answer.Data["entity"].Value ?? "");
        return await PostAsync(gateway, $"/admin/sync/{source}/{entity}", context.CancellationToken);
    }

    private static async Task<ExecuteCommandResult> PostAsync(IResourceBuilder<ProjectResource> gateway, string path, CancellationToken cancellationToken)
    {
        var endpoint = gateway.GetEndpoint("http");
        using var response = await Http.PostAsync(new Uri(new Uri(endpoint.Url), path), null, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? CommandResults.Success()
            : CommandResults.Failure($"{(int)response.StatusCode} {response.ReasonPhrase}: {body}");
    }
}

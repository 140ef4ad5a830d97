namespace CrmSync.Cli.Commands;

/// <summary>
/// Where a command writes and how it reaches the gateway: <c>--gateway</c> and <c>--api-key</c>, which every command
/// takes, or else CRMSYNC_GATEWAY and CRMSYNC_API_KEY.
/// </summary>
public sealed class CliContext
{
    public const string DefaultGateway = "http://127.0.0.1:5080";
    public const string GatewayVariable = "CRMSYNC_GATEWAY";
    public const string ApiKeyVariable = "CRMSYNC_API_KEY";

    public CliContext(TextWriter output, TextWriter error, CliSettings settings)
    {
        Output = output;
        Error = error;
        Settings = settings;
        GatewayOption = new Option<string>("--gateway")
        {
            Description = $"The gateway's URL. Default: ${GatewayVariable}, else {DefaultGateway}.",
            HelpName = "url",
            Recursive = true,
        };
        ApiKeyOption = new Option<string>("--api-key")
        {
            Description = $"The gateway's admin API key (CrmSync:AdminApiKey), sent as X-Api-Key. Default: ${ApiKeyVariable}.",
            HelpName = "key",
            Recursive = true,
        };
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public CliSettings Settings { get; }

    public Option<string> GatewayOption { get; }

    public Option<string> ApiKeyOption { get; }

    public GatewayClient Connect(ParseResult parse)
    {
        var url = NonEmpty(parse.GetValue(GatewayOption)) ?? NonEmpty(Settings.Environment(GatewayVariable)) ?? DefaultGateway;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
        {
            throw new CliException($"The gateway URL '{url}' is not an http:// or https:// URL; pass one with --gateway or CRMSYNC_GATEWAY, e.g. {DefaultGateway}.", ExitCodes.Usage);
        }

        var apiKey = NonEmpty(parse.GetValue(ApiKeyOption)) ?? NonEmpty(Settings.Environment(ApiKeyVariable));
        return new GatewayClient(gateway, apiKey, Settings.RequestTimeout);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

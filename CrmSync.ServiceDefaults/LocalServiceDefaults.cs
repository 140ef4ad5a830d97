using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Microsoft.Extensions.Hosting;

/// <summary>Defaults of the stand-ins CrmSync runs beside itself (the Dataverse emulator, the CRM simulator).</summary>
public static class LocalServiceDefaults
{
    /// <summary>
    /// Listens on <paramref name="defaultUrl"/> unless ASPNETCORE_URLS, --urls or Kestrel endpoints say otherwise, and
    /// keeps ASP.NET Core's per-request log lines off by default: under load they would cost more than the requests.
    /// Both are the lowest-priority defaults, so any configuration overrides them.
    /// </summary>
    public static WebApplicationBuilder UseLocalServiceDefaults(this WebApplicationBuilder builder, string defaultUrl)
    {
        var configuration = builder.Configuration;
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]) &&
            !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(defaultUrl);
        }

        return builder;
    }
}

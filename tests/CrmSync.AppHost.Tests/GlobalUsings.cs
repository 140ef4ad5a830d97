global using System.Text.Json.Nodes;
global using Aspire.Hosting;
global using Aspire.Hosting.ApplicationModel;
global using Aspire.Hosting.Testing;
global using CrmSync.AppHost.Tests.Support;
global using CrmSync.Testing;
global using Microsoft.Extensions.DependencyInjection;
global using Xunit.Abstractions;

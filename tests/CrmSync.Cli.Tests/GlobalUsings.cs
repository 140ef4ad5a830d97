global using CrmSync.Cli;
global using CrmSync.Cli.Gateway;
global using CrmSync.Cli.Output;
global using CrmSync.Cli.Tests.Support;
global using CrmSync.AppHost;
global using CrmSync.Testing;

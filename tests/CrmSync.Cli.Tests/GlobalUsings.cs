global using CrmSync.Cli;
global using CrmSync.Cli.Gateway;
global using CrmSync.Cli.Output;
global using CrmSync.Cli.Tests.Support;
global using CrmSync.Testing.Processes;
global using CrmSync.Testing;

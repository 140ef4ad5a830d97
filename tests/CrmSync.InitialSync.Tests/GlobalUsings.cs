global using System.Net;
global using System.Text.Json.Nodes;
global using CrmSync.Testing.Processes;
global using CrmSync.InitialSync.Tests.Support;
global using CrmSync.Testing;
global using Xunit.Abstractions;
global using CrmSync.Cli.Gateway;

global using System.Net;
global using CrmSync.Testing.Processes;
global using CrmSync.Cluster.Tests.Support;
global using CrmSync.Testing;
global using Xunit.Abstractions;

global using System.Diagnostics;
global using System.Net;
global using System.Text.Json.Nodes;
global using CrmSync.Testing.Processes;
global using Xunit;
global using Xunit.Abstractions;

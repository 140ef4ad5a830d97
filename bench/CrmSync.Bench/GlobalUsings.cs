global using System.Diagnostics;
global using System.Net;
global using System.Text.Json.Nodes;
global using CrmSync.Bench.Harness;
global using CrmSync.Bench.Load;
global using CrmSync.Testing;

global using System.Diagnostics;
global using System.Net;
global using CrmSync.Bench.Cli;
global using CrmSync.Bench.Harness;
global using CrmSync.Bench.Load;
global using CrmSync.Testing;

global using System.Net;
global using System.Text.Json.Nodes;
global using CrmSync.AppHost;
global using CrmSync.AppHost.Orchestration;

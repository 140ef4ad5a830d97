global using System.Diagnostics;
global using CrmSync.AppHost.Orchestration;

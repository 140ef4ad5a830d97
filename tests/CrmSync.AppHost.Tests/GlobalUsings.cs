global using CrmSync.AppHost;
global using CrmSync.AppHost.Orchestration;

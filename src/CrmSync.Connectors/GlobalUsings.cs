global using CrmSync.Abstractions;
global using CrmSync.Connectors.Shared;

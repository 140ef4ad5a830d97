global using CrmSync.Abstractions;
global using Orleans;

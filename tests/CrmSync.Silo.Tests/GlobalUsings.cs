global using CrmSync.Silo.Storage;
global using Microsoft.Extensions.DependencyInjection;
global using Orleans;
global using Orleans.Runtime;
global using Orleans.Storage;

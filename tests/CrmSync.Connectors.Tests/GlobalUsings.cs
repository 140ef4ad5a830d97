global using CrmSync.Abstractions;

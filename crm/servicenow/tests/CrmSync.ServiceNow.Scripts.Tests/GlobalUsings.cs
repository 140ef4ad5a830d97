global using System.Text.Json.Nodes;
global using CrmSync.Testing.ServiceNow;

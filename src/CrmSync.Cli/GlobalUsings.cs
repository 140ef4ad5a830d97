global using System.CommandLine;
global using System.Globalization;
global using CrmSync.Cli.Gateway;
global using CrmSync.Cli.Output;

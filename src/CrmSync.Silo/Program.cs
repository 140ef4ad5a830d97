using CrmSync.Dataverse;
using CrmSync.Silo.Diagnostics;
using CrmSync.Silo.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDataverse();
builder.AddCrmSyncSilo();
builder.AddRecordIdleCollection();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapSiloDiagnostics();

return app.RunOrExit();

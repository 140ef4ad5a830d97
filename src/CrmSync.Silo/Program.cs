using CrmSync.Dataverse;
using CrmSync.Silo.Diagnostics;
using CrmSync.Silo.Extensions;
using CrmSync.Silo.Usage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDataverse();
builder.AddCrmSyncSilo();
builder.AddRecordIdleCollection();
builder.AddUsageRecording();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapSiloDiagnostics();

return app.RunOrExit();

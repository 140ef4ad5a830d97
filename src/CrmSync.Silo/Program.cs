using CrmSync.Dataverse;
using CrmSync.Silo.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDataverse();
builder.AddCrmSyncSilo();

var app = builder.Build();

app.MapDefaultEndpoints();

return app.RunOrExit();

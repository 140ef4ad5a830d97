using CrmSync.DataverseEmulator.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDataverseEmulator();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDataverseEmulator();
return app.RunOrExit();

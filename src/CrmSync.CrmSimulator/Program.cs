using CrmSync.CrmSimulator.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCrmSimulator();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCrmSimulator();
return app.RunOrExit();

using CrmSync.Gateway.Apis;
using CrmSync.Gateway.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOrleansClient();
builder.AddWebhookIntake();
builder.AddAdminApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWebhooksApi();
app.MapAdminApi();
app.MapSyncApi();
app.MapPullApi();
app.MapForecastApi();
app.MapPollApi();
app.MapReconcileApi();

return app.RunOrExit();

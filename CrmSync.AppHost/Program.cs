using CrmSync.AppHost;

var builder = DistributedApplication.CreateBuilder(AppHostArguments.ToConfiguration(args));

var options = AppHostOptions.From(builder);
var redis = builder.AddCrmSyncRedis(options);
var dataverse = builder.AddDataverse(options);
var sources = builder.AddSources(options);
var orleans = builder.AddCrmSyncOrleans(redis);
var silo = builder.AddSilo(options, orleans, dataverse, sources, redis);
builder.AddGateway(options, orleans, dataverse, sources, silo)
    .WithCrmSyncCommands();
if (!builder.ExecutionContext.IsPublishMode)
{
    builder.Services.AddHostedService<StartupSummary>();
}

builder.Build().Run();

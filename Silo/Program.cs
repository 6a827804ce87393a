using JobScheduler.Silo.Draining;
using JobScheduler.Silo.Hosting;

// `JobScheduler.Silo drain`: drain the silo running on this host (Kubernetes' preStop, scripts), then exit.
if (args is [DrainCommand.Name, .. var drainArgs])
    return await DrainCommand.RunAsync(drainArgs);

var builder = WebApplication.CreateBuilder(args);
builder.AddSchedulerSilo();
builder.AddSchedulerKubernetesHosting();

var app = builder.Build();
app.MapSiloHealth();
app.MapLocalWorkerEndpoints();
await app.RunAsync();
return 0;

using JobScheduler.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSchedulerSilo();
builder.AddSchedulerKubernetesHosting();

var app = builder.Build();
app.MapSiloHealth();
app.Run();

using JobScheduler.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSchedulerSilo();

var app = builder.Build();
app.MapSiloHealth();
app.Run();

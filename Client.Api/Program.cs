using JobScheduler.Client.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSchedulerBackend();
var app = builder.Build();
app.Run();

public partial class Program;

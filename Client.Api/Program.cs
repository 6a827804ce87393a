using JobScheduler.Client.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSchedulerBackend();
builder.AddSchedulerApi();
builder.AddSchedulerUi();

var app = builder.Build();
app.MapSchedulerApi();
// The Orleans dashboard comes with the backend (the co-hosted silo or the cluster client registers it).
app.MapSchedulerDashboard();
app.MapSchedulerUi();
app.Run();

/// <summary>The API host; public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;

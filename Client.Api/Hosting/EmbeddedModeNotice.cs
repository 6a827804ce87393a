namespace JobScheduler.Client.Api.Hosting;

/// <summary>Says at start-up, where operators look, that embedded mode keeps nothing across restarts.</summary>
internal sealed partial class EmbeddedModeNotice(ILogger<EmbeddedModeNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogEmbedded();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded mode: jobs, schedules and reminders are kept in memory and are NOT durable. Set Scheduler:Redis:ConnectionString and run Silo processes for a durable cluster.")]
    private partial void LogEmbedded();
}

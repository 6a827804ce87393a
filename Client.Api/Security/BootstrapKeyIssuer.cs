using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Security;

/// <summary>
/// When no bootstrap key is configured, asks the key store for a first admin key once the cluster answers, and
/// prints it once, as Jupyter prints its token: only the process that created it prints it, and only while no
/// key exists yet.
/// </summary>
internal sealed partial class BootstrapKeyIssuer(
    IGrainFactory grains, IOptions<AuthOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<BootstrapKeyIssuer> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Mode == AuthMode.Open)
        {
            LogOpenMode(logger);
            return;
        }

        if (!string.IsNullOrEmpty(options.Value.BootstrapKey))
            return;
        // The co-hosted silo (embedded mode) or the cluster connection starts with the host: ask once it has.
        await WaitForStartAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await grains.GetGrain<IApiKeyStoreGrain>(0).IssueBootstrap().WaitAsync(stoppingToken) is { } created)
                {
                    // Straight to the console as well as the log, so that it is seen even with logging turned down.
                    Console.WriteLine();
                    Console.WriteLine("    JobScheduler: an admin API key was created. It is shown this once; keep it:");
                    Console.WriteLine();
                    Console.WriteLine($"        {created.Key}");
                    Console.WriteLine();
                    Console.WriteLine("    Send it with every request as the header  Authorization: Bearer <key>");
                    Console.WriteLine("    Create narrower keys with POST /api/v1/keys; revoke this one once you have them.");
                    Console.WriteLine();
                    LogIssued(logger, created.Info.Id);
                }

                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && JobScheduler.Client.Api.Http.Unavailability.IsTransient(e))
            {
                // The cluster is not up yet (embedded silo starting, Redis down): try again shortly.
                await Task.Delay(RetryInterval, time, stoppingToken);
            }
        }
    }

    private async Task WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bootstrap admin API key {KeyId} issued and printed to the console; it will not be shown again")]
    private static partial void LogIssued(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler:Auth:Mode is Open: every request without credentials acts as an anonymous admin. This is allowed only because every bound URL is loopback; never use it on a shared machine")]
    private static partial void LogOpenMode(ILogger logger);
}

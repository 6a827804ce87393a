using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

/// <summary>
/// The server's defaults for what a job runs with, where neither its spec nor its queue's settings name a value:
/// <c>Scheduler:Jobs:Retry</c> (or <c>Scheduler:Queues:{name}:Retry</c>), <c>Scheduler:Jobs:DefaultTimeout</c> and
/// <c>Scheduler:Containers</c>.
/// </summary>
/// <param name="Retry">The complete retry policy configured for the job's queue (or the server's).</param>
/// <param name="Timeout">The attempt timeout.</param>
/// <param name="Cpus">CPU cores.</param>
/// <param name="MemoryMb">Memory limit in MiB.</param>
/// <param name="Pids">Process and thread limit.</param>
/// <param name="User">The container user.</param>
public sealed record JobSettingsDefaults(RetryPolicy Retry, TimeSpan Timeout, double Cpus, int MemoryMb, int Pids, string User)
{
    /// <summary>The defaults from the server's options.</summary>
    public static JobSettingsDefaults From(RetryPolicy retry, TimeSpan timeout, ContainerOptions containers)
    {
        ArgumentNullException.ThrowIfNull(containers);
        return new(retry, timeout, containers.DefaultCpus, containers.DefaultMemoryMb, containers.DefaultPids, containers.User);
    }
}

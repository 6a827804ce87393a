using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Browser;

/// <summary>
/// A cluster-mode deployment for browser tests (use as a class fixture): a Redis of its own, two silo processes and one
/// API process (<see cref="SchedulerCluster"/>), started once for the class. Pages open on <see cref="BaseAddress"/>.
/// </summary>
public sealed class ClusterApiFixture : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private SchedulerCluster? _cluster;

    /// <summary>How many silo processes the cluster has.</summary>
    public const int SiloCount = 2;

    /// <summary>The running cluster: its silos, its API process, <see cref="SchedulerCluster.NewApi"/> for more.</summary>
    public SchedulerCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>The API process's base address.</summary>
    public Uri BaseAddress => Cluster.Api.BaseAddress;

    /// <summary>Starts Redis, the silos, then the API.</summary>
    public async Task InitializeAsync()
    {
        await _redis.StartAsync();
        _cluster = new SchedulerCluster(_redis.ConnectionString, silos: SiloCount, workerSlots: 1);
        await _cluster.StartAsync();
    }

    /// <summary>Stops every process and Redis.</summary>
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        await _redis.DisposeAsync();
    }
}

using Docker.DotNet;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Faults;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Workers;

/// <summary>
/// A worker whose <c>Scheduler:Worker:Slots</c> is left unset runs 2 (<c>SlotsPerEngineCpu</c>) slots per CPU of the
/// engine it starts containers on, or per CPU of its own machine when that engine does not answer at start.
/// </summary>
[Collection("redis")]
[Trait("Category", "Cluster")]
public sealed class AutomaticSlotsTests(RedisFixture redis)
{
    private static readonly TimeSpan ListedTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Workers_SiloWithSlotsUnsetOnTheRealEngine_ShowTwicePerEngineCpu()
    {
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        var engineCpus = (int)(await docker.System.GetSystemInfoAsync()).NCPU;
        await using var cluster = new SchedulerCluster(redis.Server.ConnectionString, silos: 1, workerSlots: null, FaultSettings.Environment());
        var silo = cluster.Silos[0];
        silo.Watch($"{2 * engineCpus} slots, 2 per CPU of the engine at unix:///var/run/docker.sock, which has {engineCpus} CPUs");
        await cluster.StartAsync();
        var queues = new QueuesHttpClient(cluster.CreateApiClient());

        var worker = await SingleWorkerAsync(queues, () => silo.OutputTail);

        Assert.Equal(2 * engineCpus, worker.Slots);
        Assert.True(worker.DockerReachable);
        Assert.Equal(1, silo.Sightings($"{2 * engineCpus} slots, 2 per CPU of the engine at unix:///var/run/docker.sock, which has {engineCpus} CPUs"));
    }

    [Fact]
    public async Task Workers_SlotsEmptyAndEngineUnreachable_ShowTwicePerSiloCpu()
    {
        await using var root = new WebApplicationFactory<Program>();
        await using var factory = root.WithWebHostBuilder(builder => builder
            .UseFreeSiloPorts()
            .UseTestAuth()
            // Empty, as docker-compose passes an unset WORKER_SLOTS: automatic.
            .UseSetting("Scheduler:Worker:Slots", "")
            .UseSetting("Scheduler:Containers:DockerEndpoint", "unix:///tmp/jobscheduler-no-engine.sock")
            .UseSetting("Scheduler:Containers:PingTimeout", "00:00:01"));
        var queues = new QueuesHttpClient(factory.CreateAdminClient());

        var worker = await SingleWorkerAsync(queues, () => "");

        Assert.Equal(2 * Environment.ProcessorCount, worker.Slots);
        Assert.False(worker.DockerReachable);
    }

    private static async Task<WorkerStatus> SingleWorkerAsync(QueuesHttpClient queues, Func<string> output)
    {
        WorkerStatus[] listed = [];
        await Eventually.Async(async () => (listed = await queues.ListWorkersAsync()).Length == 1, ListedTimeout,
            () => $"the silo's worker to be listed (listed: {listed.Length}){Environment.NewLine}{output()}");
        return listed[0];
    }
}

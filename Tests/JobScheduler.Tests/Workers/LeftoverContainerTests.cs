using System.Globalization;
using Docker.DotNet.Models;
using JobScheduler.Grains.Docker;
using JobScheduler.Tests.Docker;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace JobScheduler.Tests.Workers;

/// <summary>
/// Bug 5 of issue 9: containers left in the Created state, and containers of an earlier embedded process, were never
/// removed. A worker now removes its own cluster's leftovers, and only those.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class LeftoverContainerTests(DockerEngineFixture docker) : IAsyncLifetime
{
    // A silo this embedded host never knew: an earlier process of the same deployment.
    private const string EarlierProcessSilo = "127.0.0.1:1@1";
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(20);

    private readonly string _cluster = $"leftovers-{Guid.NewGuid():N}";
    private readonly List<string> _created = [];
    private WebApplicationFactory<Program>? _root;
    private WebApplicationFactory<Program>? _factory;

    [Fact]
    public async Task Start_ContainersOfEarlierEmbeddedProcess_RemovesOwnClusterOnly()
    {
        var running = await CreateAsync(_cluster, EarlierProcessSilo, start: true);
        var created = await CreateAsync(_cluster, EarlierProcessSilo, start: false);
        var otherCluster = await CreateAsync($"other-{Guid.NewGuid():N}", EarlierProcessSilo, start: true);
        var unlabelled = await CreateAsync(cluster: null, EarlierProcessSilo, start: true);

        StartHost();

        await Eventually.Async(async () => !await ContainerExistsAsync(running) && !await ContainerExistsAsync(created), CleanupTimeout,
            "the earlier process's running and created containers to be removed");
        await Continually.Async(() => ContainerExistsAsync(otherCluster), TimeSpan.FromSeconds(3), "another cluster's container is left alone");
        Assert.True(await ContainerExistsAsync(unlabelled), "a container without a cluster label was removed");
    }

    [Fact]
    public async Task Sweep_OwnSilosCreatedContainerNoAttemptTracks_RemovesIt()
    {
        StartHost();
        var self = _factory!.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

        var created = await CreateAsync(_cluster, self, start: false);
        var otherCluster = await CreateAsync($"other-{Guid.NewGuid():N}", self, start: false);

        await Eventually.Async(async () => !await ContainerExistsAsync(created), CleanupTimeout, "the untracked Created container to be removed");
        Assert.True(await ContainerExistsAsync(otherCluster), "another cluster's container was removed");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        if (_root is not null)
            await _root.DisposeAsync();
        foreach (var id in _created)
            await DockerTestRuns.ForceRemoveAsync(docker.Client, id);
    }

    private void StartHost()
    {
        _root = new WebApplicationFactory<Program>();
        _factory = _root.WithWebHostBuilder(builder => builder
            .UseFreeSiloPorts()
            .UseSetting("Scheduler:Cluster:ClusterId", _cluster)
            .UseSetting("Scheduler:Worker:OrphanSweepInterval", "00:00:01"));
        _ = _factory.Server;
    }

    /// <summary>A container labelled as the scheduler labels its own, as a worker of <paramref name="worker"/> would have left it.</summary>
    private async Task<string> CreateAsync(string? cluster, string worker, bool start)
    {
        var labels = new Dictionary<string, string>
        {
            [ContainerLabels.JobId] = $"leftover-{Guid.NewGuid():N}",
            [ContainerLabels.Attempt] = 1.ToString(CultureInfo.InvariantCulture),
            [ContainerLabels.Worker] = worker,
        };
        if (cluster is not null)
            labels[ContainerLabels.Cluster] = cluster;
        var container = await docker.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = DockerEngineFixture.Image,
            Cmd = ["sleep", "600"],
            Labels = labels,
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        _created.Add(container.ID);
        if (start)
            await docker.Client.Containers.StartContainerAsync(container.ID, new ContainerStartParameters());
        return container.ID;
    }

    private Task<bool> ContainerExistsAsync(string id) => DockerTestRuns.ContainerExistsAsync(docker.Client, id);
}

using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Faults;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Cluster;

/// <summary>In cluster mode the silo decides what a job may ask for, and its refusal reaches the API process with its field paths.</summary>
[Collection("redis")]
[Trait("Category", "Cluster")]
public sealed class SubmissionPolicyClusterTests(RedisFixture redis)
{
    [Fact]
    public async Task Submit_AboveTheQueuesMaximum_Returns400NamingTheFieldAcrossProcesses()
    {
        await using var cluster = new SchedulerCluster(redis.Server.ConnectionString, silos: 1, workerSlots: 1, FaultSettings.Environment());
        await cluster.StartAsync();
        using var http = cluster.CreateApiClient();
        var queue = QueuesHttpClient.UniqueName("cluster-maxima");
        await new QueuesHttpClient(http).UpdateAsync(queue, new QueueSettings { Maxima = new JobMaxima { MemoryMb = 1024 } });

        using var response = await http.PostAsJsonAsync("/api/v1/jobs", new JobSpec
        {
            Image = "busybox:latest",
            Command = ["true"],
            Queue = queue,
            Resources = new ResourceLimits { MemoryMb = 2048 },
        }, SchedulerCluster.Json);

        Assert.Equal([$"At most 1024 MiB in queue '{queue}'."], await ProblemAssert.NamesFieldAsync(response, "resources.memoryMb"));
    }
}

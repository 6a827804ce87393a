using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Faults;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Queues;

namespace JobScheduler.Tests.Cluster;

/// <summary>A queue's limit holds across silos, and the workers resource shows a killed silo's worker as down.</summary>
[Collection("redis")]
[Trait("Category", "Cluster")]
public sealed class QueueClusterTests(RedisFixture redis)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ConcurrencyLimit_TwoSilos_HoldsClusterWideAndAKilledWorkerShowsDown()
    {
        await using var cluster = new SchedulerCluster(redis.Server.ConnectionString, silos: 2, workerSlots: 4, FaultSettings.Environment());
        await cluster.StartAsync();
        using var http = cluster.CreateApiClient();
        var jobs = new JobsHttpClient(http);
        var queues = new QueuesHttpClient(http);
        var queue = QueuesHttpClient.UniqueName("cluster-limit");
        await queues.UpdateAsync(queue, new QueueSettings { ConcurrencyLimit = 2 });

        var submitted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["sleep", "1"], Queue = queue })));
        var done = await Task.WhenAll(submitted.Select(j => jobs.WaitForTerminalAsync(j.Id, RunTimeout)));

        Assert.All(done, j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(2, AttemptOverlap.Max(done));
        var workers = await queues.ListWorkersAsync();
        Assert.Equal(2, workers.Length);
        Assert.All(workers, w => Assert.Equal(WorkerState.Available, w.State));

        var victim = cluster.Silos[1];
        var victimWorker = workers.Single(w => w.Worker.StartsWith($"127.0.0.1:{cluster.SiloPorts[1]}@", StringComparison.Ordinal)).Worker;
        victim.Kill();
        await Eventually.Async(async () =>
        {
            try
            {
                var listed = await http.GetFromJsonAsync<WorkerStatus[]>("/api/v1/workers", SchedulerCluster.Json);
                return listed!.Any(w => w.Worker == victimWorker && w.State == WorkerState.Down);
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                // Until the cluster declares the silo dead, a grain the listing needs may still be placed on it.
                return false;
            }
        }, TimeSpan.FromSeconds(30), $"the killed silo's worker to show Down{Environment.NewLine}{cluster.Diagnostics}");
    }
}

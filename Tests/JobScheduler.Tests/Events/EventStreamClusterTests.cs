using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Events;

/// <summary>The event stream in cluster mode: silos write the log in Redis, any API process serves it.</summary>
[Collection(RedisCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class EventStreamClusterTests(RedisFixture redis)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly Dictionary<string, string> Simulated = new() { ["Scheduler__Containers__Runtime"] = "Simulated" };

    private static JobSpec Quick(string queue) => new() { Image = "busybox:latest", Command = ["true"], Queue = queue };

    private static async Task<List<string>> SubmitAsync(HttpClient api, string queue, int count, int parallel = 16)
    {
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            using var response = await api.PostAsJsonAsync("api/v1/jobs", Quick(queue), SchedulerCluster.Json, ct);
            response.EnsureSuccessStatusCode();
            ids[i] = (await SchedulerCluster.ReadAsync<JobRecord>(response)).Id;
        });
        return [.. ids];
    }

    [Fact]
    public async Task Resume_AcrossAnApiRestart_LosesAndRepeatsNothing()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1, environment: Simulated);
        await cluster.StartAsync();
        await using var other = cluster.NewApi("api-2");
        await other.StartAsync(TimeSpan.FromSeconds(90));
        using var submitter = new HttpClient { BaseAddress = other.BaseAddress }.Authorize();
        using var reader = cluster.CreateApiClient();

        var stream = await EventStreamClient.OpenAsync(reader, "api/v1/events?queue=resume");
        var start = stream.StartId;
        var first = await SubmitAsync(submitter, "resume", 10);
        var before = await stream.TakeAsync(12, Timeout);
        var lastSeen = stream.LastId;
        await stream.DisposeAsync();

        // The API process the client reads goes away; jobs keep running and new ones come in meanwhile.
        await cluster.Api.StopAsync(TimeSpan.FromSeconds(30));
        var second = await SubmitAsync(submitter, "resume", 10);
        await cluster.Api.StartAsync(TimeSpan.FromSeconds(90));

        await using var resumed = await EventStreamClient.OpenAsync(reader, "api/v1/events?queue=resume", lastEventId: lastSeen);
        var after = await resumed.TakeAsync(20 * 3 - before.Count, Timeout);
        await using var replay = await EventStreamClient.OpenAsync(submitter, $"api/v1/events?queue=resume&after={start}");
        var everything = await replay.TakeAsync(60, Timeout);

        Assert.Equal(everything.Select(e => e.Id), before.Concat(after).Select(e => e.Id));
        Assert.Equal(first.Concat(second).Order(StringComparer.Ordinal), everything.Where(e => e.To == JobState.Succeeded).Select(e => e.JobId!).Order(StringComparer.Ordinal));
        // Proving that nothing more arrives needs a window without anything happening.
        await Task.Delay(300);
        Assert.Empty(resumed.Drain());
    }

    [Fact]
    public async Task ThousandJobs_OnTwoSilos_EventsArriveInPerJobOrder()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 2, workerSlots: 32, environment: Simulated);
        await cluster.StartAsync();
        using var api = cluster.CreateApiClient();
        await using var stream = await EventStreamClient.OpenAsync(api, "api/v1/events?queue=thousand");

        var ids = await SubmitAsync(api, "thousand", 1000, parallel: 32);
        var events = await stream.TakeAsync(3000, TimeSpan.FromMinutes(3));

        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        foreach (var job in events.GroupBy(e => e.JobId!))
        {
            Assert.Equal(
                [(null, JobState.Queued), (JobState.Queued, JobState.Running), (JobState.Running, (JobState?)JobState.Succeeded)],
                job.Select(e => (e.From, e.To)));
        }
        Assert.Equal(ids.Order(StringComparer.Ordinal), events.Select(e => e.JobId!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(2, events.Where(e => e.To == JobState.Running).Select(e => e.Worker).Distinct().Count());
    }
}

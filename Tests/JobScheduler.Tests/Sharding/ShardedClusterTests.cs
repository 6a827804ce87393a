using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using StackExchange.Redis;

namespace JobScheduler.Tests.Sharding;

/// <summary>A silo and an API on a three-primary Redis Cluster with the scheduler's keys in three shards.</summary>
[Collection(RedisClusterCollection.Name)]
[Trait("Category", "RedisCluster")]
public sealed class ShardedClusterTests(RedisClusterFixture redis)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    // "e2e"'s three shard tags hash to slots of three different primaries (see RedisClusterShardingTests).
    private const string Prefix = "e2e";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Scheduler__Containers__Runtime"] = "Simulated",
        ["Scheduler__Redis__KeyPrefix"] = Prefix,
        ["Scheduler__Redis__Shards"] = "3",
        ["Scheduler__Redis__EventSettle"] = "00:00:00.300",
    };

    [Fact]
    public async Task Jobs_ThreeShardsOnThreePrimaries_ListCountAndStreamAcrossShards()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1, environment: Settings);
        await cluster.StartAsync();
        using var api = cluster.CreateApiClient();
        var jobs = new JobsHttpClient(api);
        await using var stream = await EventStreamClient.OpenAsync(api, "api/v1/events?queue=sharded");

        var submitted = new List<JobRecord>();
        for (var i = 0; i < 30; i++)
            submitted.Add(await jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = "sharded" }));
        var events = await stream.TakeAsync(90, Timeout);

        // Every job's three events, once each, in per-job order, under ids that only go up.
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        var positions = events.Select(e => EventPosition.Parse(e.Id)).ToArray();
        Assert.Equal(positions.Order(), positions);
        foreach (var job in events.GroupBy(e => e.JobId!))
            Assert.Equal([JobState.Queued, JobState.Running, JobState.Succeeded], job.Select(e => e.To!.Value));
        Assert.Equal(submitted.Select(j => j.Id).Order(StringComparer.Ordinal), events.Select(e => e.JobId!).Distinct().Order(StringComparer.Ordinal));

        // Pages of 7 by state and queue, merged over the shards: newest first, each job once, the total summed.
        var listed = new List<JobSummary>();
        for (var page = 1; page <= 5; page++)
        {
            var rows = (await api.GetFromJsonAsync<JobPage>($"api/v1/jobs?state=Succeeded&queue=sharded&pageSize=7&page={page}", SchedulerCluster.Json))!;
            Assert.Equal(30, rows.Total);
            listed.AddRange(rows.Items);
        }
        Assert.Equal(30, listed.Count);
        Assert.Equal(listed.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id, StringComparer.Ordinal).Select(j => j.Id), listed.Select(j => j.Id));
        Assert.Equal(submitted.Select(j => j.Id).Order(StringComparer.Ordinal), listed.Select(j => j.Id).Order(StringComparer.Ordinal));

        var queue = await new QueuesHttpClient(api).GetAsync("sharded");
        Assert.Equal(30, queue.Depth.GetValueOrDefault(JobState.Succeeded));

        // The shards' keys really sit on all three primaries.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        foreach (var primary in redis.Primaries)
        {
            var keys = 0;
            await foreach (var _ in connection.GetServer($"127.0.0.1:{primary.Port}").KeysAsync(pattern: "{" + Prefix + ":s*"))
                keys++;
            Assert.True(keys > 0, $"primary {primary.Port} holds none of the shards' keys");
        }
    }
}

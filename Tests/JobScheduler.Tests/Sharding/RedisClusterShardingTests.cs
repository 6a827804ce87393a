using JobScheduler.Grains.Deadlines;
using JobScheduler.Grains.Events;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Observability;
using JobScheduler.Tests.Deadlines;
using JobScheduler.Grains.Webhooks;
using JobScheduler.Tests.Indexing;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Tests.Sharding;

/// <summary>The scheduler's own keys split into shards over a three-primary Redis Cluster: where they land, and the merged event stream.</summary>
[Collection(RedisClusterCollection.Name)]
[Trait("Category", "RedisCluster")]
public sealed class RedisClusterShardingTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private ConnectionMultiplexer? _connection;

    private ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);

    public async Task DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
    }

    private static IOptions<RedisOptions> Options(string prefix, int shards) =>
        Microsoft.Extensions.Options.Options.Create(new RedisOptions { KeyPrefix = prefix, Shards = shards, EventSettle = TimeSpan.FromMilliseconds(200) });

    private static SchedulerEvent Transition(JobSummary job, JobState to) =>
        new() { Kind = SchedulerEventKind.Job, At = job.UpdatedAt, JobId = job.Id, To = to, Queue = job.Queue };

    [Fact]
    public void Layout_ClusterConnection_IsDetectedAndTagged()
    {
        Assert.True(RedisShardLayout.IsCluster(Connection));
        Assert.True(RedisShardLayout.For(Connection, new RedisOptions { KeyPrefix = "x" }).Tagged);
    }

    [Fact]
    public async Task Index_ThreeShards_PutsKeysOnEveryPrimaryAndEachScriptInOneSlot()
    {
        // "cluster-events"' three tags hash to slots served by three different primaries (slots 0-5460, 5461-10922 and
        // 10923-16383 as redis-cli --cluster create hands them out).
        const string prefix = "cluster-events";
        var index = new RedisJobIndex(Connection, Options(prefix, 3), NullLogger<RedisJobIndex>.Instance);
        for (var i = 0; i < 30; i++)
        {
            var job = TestJobs.Create($"spread-{i}", i, labels: new Dictionary<string, string> { ["team"] = "a" });
            await index.RecordAsync(job, null, owner: "alice", change: Transition(job, JobState.Queued));
        }

        var perPrimary = new long[cluster.Primaries.Count];
        for (var p = 0; p < cluster.Primaries.Count; p++)
        {
            var server = Connection.GetServer($"127.0.0.1:{cluster.Primaries[p].Port}");
            await foreach (var _ in server.KeysAsync(pattern: "{" + prefix + ":s*"))
                perPrimary[p]++;
        }
        Assert.All(perPrimary, n => Assert.True(n > 0, $"keys per primary: {string.Join(", ", perPrimary)}"));
        var db = Connection.GetDatabase();
        var slots = await Task.WhenAll(Enumerable.Range(0, 3).Select(s => db.ExecuteAsync("CLUSTER", "KEYSLOT", $"{{{prefix}:s{s}}}:jobs:all")));
        // COUNTKEYSINSLOT answers for the node asked: only the slot's owner counts its keys, so ask every primary.
        var servers = cluster.Primaries.Select(p => Connection.GetServer($"127.0.0.1:{p.Port}")).ToArray();
        var inSlots = await Task.WhenAll(slots.Select(async slot =>
            (await Task.WhenAll(servers.Select(server => server.ExecuteAsync("CLUSTER", "COUNTKEYSINSLOT", (long)slot)))).Sum(n => (long)n)));
        Assert.All(inSlots, n => Assert.True(n > 5, $"keys in the shards' slots: {string.Join(", ", inSlots)}"));
    }

    [Fact]
    public async Task EventLog_ThreeShards_ReadersSeeEveryJobsEventsOnceInIdOrderAndResume()
    {
        var prefix = "test-" + Guid.NewGuid().ToString("N");
        var index = new RedisJobIndex(Connection, Options(prefix, 3), NullLogger<RedisJobIndex>.Instance);
        var log = new RedisEventLog(Connection, Options(prefix, 3), Microsoft.Extensions.Options.Options.Create(new EventLogOptions()));
        var jobs = Enumerable.Range(0, 40).Select(i => TestJobs.Create($"ev-{i}", i)).ToArray();
        foreach (var job in jobs)
        {
            await index.RecordAsync(job, null, change: Transition(job, JobState.Queued));
            await index.RecordAsync(job with { State = JobState.Running }, JobState.Queued, change: Transition(job, JobState.Running));
        }
        await log.AppendAsync(new SchedulerEvent { Kind = SchedulerEventKind.Schedule, At = DateTimeOffset.UtcNow, ScheduleId = "nightly" });

        var all = new List<SchedulerEvent>();
        await Eventually.Async(async () =>
        {
            all = [];
            var cursor = EventPosition.Start;
            IReadOnlyList<SchedulerEvent> batch;
            // A small batch, so the merge's per-shard limits are exercised.
            while ((batch = await log.ReadAfterAsync(cursor, 7)).Count > 0)
            {
                all.AddRange(batch);
                cursor = EventPosition.Parse(batch[^1].Id);
            }
            return all.Count == 81;
        }, TimeSpan.FromSeconds(10), () => $"all 81 events to be read once settled; read {all.Count}");

        var positions = all.Select(e => EventPosition.Parse(e.Id)).ToArray();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(positions.Length, positions.Distinct().Count());
        Assert.All(jobs, j => Assert.Equal(
            [JobState.Queued, JobState.Running], all.Where(e => e.JobId == j.Id).Select(e => e.To!.Value)));
        Assert.Equal(positions[^1], await log.LatestAsync());
        var resumed = await log.ReadAfterAsync(positions[40], 1000);
        Assert.Equal(all.Skip(41).Select(e => e.Id), resumed.Select(e => e.Id));
        var streams = await Task.WhenAll(log.Keys.Select(k => Connection.GetDatabase().StreamLengthAsync(k)));
        Assert.All(streams, n => Assert.True(n > 0, $"events per shard: {string.Join(", ", streams)}"));
    }

    [Fact]
    public async Task WebhookSource_ThreeShards_ReadsEveryShardsEventsAndAcknowledgesThem()
    {
        var prefix = "test-" + Guid.NewGuid().ToString("N");
        var options = Options(prefix, 3);
        var source = new RedisWebhookEventSource(Connection, options, Microsoft.Extensions.Options.Options.Create(new WebhookOptions()));
        Assert.Empty(await source.ReadAsync(100)); // creates the groups at the streams' ends
        var log = new RedisEventLog(Connection, options, Microsoft.Extensions.Options.Options.Create(new EventLogOptions()));
        var ids = Enumerable.Range(0, 30).Select(i => $"hook-{i}").ToArray();
        foreach (var id in ids)
            await log.AppendAsync(new SchedulerEvent { Kind = SchedulerEventKind.Job, At = DateTimeOffset.UtcNow, JobId = id, To = JobState.Queued, Queue = "q" });

        var read = await source.ReadAsync(100);
        await source.AcknowledgeAsync(read);

        Assert.Equal(ids.Order(StringComparer.Ordinal), read.Select(e => e.JobId!).Order(StringComparer.Ordinal));
        var pending = await Task.WhenAll(log.Keys.Select(k => Connection.GetDatabase().StreamPendingAsync(k, RedisWebhookEventSource.GroupName)));
        Assert.All(pending, p => Assert.Equal(0, p.PendingMessageCount));
        Assert.Empty(await source.ReadAsync(100));
    }

    [Fact]
    public async Task DeadlineSweeper_ThreeShards_PokesOverdueJobsOfEveryShardInBatches()
    {
        const string prefix = "cluster-deadlines";
        var deadlines = new RedisJobDeadlines(Connection, Options(prefix, 3));
        var layout = RedisShardLayout.For(Connection, Options(prefix, 3).Value);
        var jobs = Enumerable.Range(0, 45).Select(i => $"due-{i:D2}-{Guid.NewGuid():N}").ToArray();
        foreach (var (job, i) in jobs.Select((j, i) => (j, i)))
            await deadlines.SetAsync(job, DateTimeOffset.UtcNow.AddSeconds(-i));
        Assert.Equal(3, jobs.Select(layout.ShardOf).Distinct().Count());
        var poker = new RecordingPoker(deadlines);
        var metrics = new ServiceCollection().AddSchedulerMetrics().BuildServiceProvider().GetRequiredService<SchedulerMetrics>();
        var sweeper = new DeadlineSweeper(deadlines, poker, Microsoft.Extensions.Options.Options.Create(new DeadlineOptions { BatchSize = 10 }),
            TimeProvider.System, metrics, NullLogger<DeadlineSweeper>.Instance);

        await sweeper.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.Async(() => Task.FromResult(poker.Pokes.Count >= jobs.Length), TimeSpan.FromSeconds(20),
                () => $"all {jobs.Length} overdue jobs, of every shard, are poked; {poker.Pokes.Count} so far");
        }
        finally
        {
            await sweeper.StopAsync(CancellationToken.None);
        }

        Assert.Equal(jobs.Order(StringComparer.Ordinal), poker.Pokes.Order(StringComparer.Ordinal));
        // The first batch is the ten oldest over all shards.
        Assert.Equal(jobs.Reverse().Take(10).Order(StringComparer.Ordinal), poker.Pokes.Take(10).Order(StringComparer.Ordinal));
    }
}

using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Tests.Indexing;

[Collection(RedisCollection.Name)]
public sealed class RedisJobIndexTests(RedisFixture redis) : JobIndexTests, IAsyncLifetime
{
    // Each test writes under its own prefix, so tests sharing the server never see each other's keys.
    private readonly string _prefix = "test-" + Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? _connection;

    private ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

    public async Task DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
    }

    /// <summary>How often the server has run each command, from INFO commandstats ("cmdstat_zadd" → "calls=3,...").</summary>
    private async Task<Dictionary<string, long>> CommandCallsAsync(ConnectionMultiplexer probe)
    {
        var stats = await probe.GetServer(redis.ConnectionString).InfoAsync("commandstats");
        return stats.SelectMany(g => g).ToDictionary(
            s => s.Key["cmdstat_".Length..],
            s => long.Parse(s.Value.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    protected override Task<IJobIndex> CreateIndexAsync() => Task.FromResult<IJobIndex>(
        new RedisJobIndex(Connection, Options.Create(new RedisOptions { KeyPrefix = _prefix }), NullLogger<RedisJobIndex>.Instance));

    [Fact]
    public async Task Record_StateChange_RunsOneTransactionOfThreeWrites()
    {
        var job = TestJobs.Create("a", 1, JobState.Queued, labels: new Dictionary<string, string> { ["team"] = "data" });
        var index = await RecordAsync(job);
        // The probe has its own connection so that its INFO does not mix with what the index sends.
        await using var probe = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var before = await CommandCallsAsync(probe);

        await index.RecordAsync(job with { State = JobState.Running }, JobState.Queued);

        var after = await CommandCallsAsync(probe);
        var sent = after.Where(c => c.Value != before.GetValueOrDefault(c.Key))
            .ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key));
        // INFO is the probe; PING/ECHO are the clients' heartbeats; StackExchange.Redis opens every
        // transaction with a SELECT of its database.
        sent.Remove("info");
        sent.Remove("ping");
        sent.Remove("echo");
        Assert.Equal(
            new Dictionary<string, long> { ["select"] = 1, ["multi"] = 1, ["zrem"] = 1, ["zadd"] = 1, ["hset"] = 1, ["exec"] = 1 }.OrderBy(c => c.Key),
            sent.OrderBy(c => c.Key));
    }

    [Fact]
    public async Task Query_SummaryMissing_SkipsThatJob()
    {
        var index = await RecordAsync(TestJobs.Create("a", 1), TestJobs.Create("b", 2));
        await Connection.GetDatabase().HashDeleteAsync($"{_prefix}:jobs:summary", "b");

        var page = await index.QueryAsync(new JobQuery());

        Assert.Equal(["a"], page.Ids());
    }

    [Fact]
    public async Task Query_SummaryNotJson_SkipsThatJobAndListsTheRest()
    {
        var index = await RecordAsync(TestJobs.Create("a", 1), TestJobs.Create("b", 2));
        await Connection.GetDatabase().HashSetAsync($"{_prefix}:jobs:summary", "b", "{not json");

        var page = await index.QueryAsync(new JobQuery { State = JobState.Queued, Queue = "default" });

        Assert.Equal(["a"], page.Ids());
    }

    [Fact]
    public async Task Query_CombinedFilters_LeavesNoTemporaryKeys()
    {
        var index = await RecordAsync(TestJobs.Create("a", 1, labels: new Dictionary<string, string> { ["team"] = "data" }));

        await index.QueryAsync(new JobQuery { State = JobState.Queued, Queue = "default", LabelKey = "team", LabelValue = "data" });

        var keys = Connection.GetServer(redis.ConnectionString).Keys(pattern: $"{_prefix}:*").Select(k => k.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(
            [$"{_prefix}:jobs:all", $"{_prefix}:jobs:label:team=data", $"{_prefix}:jobs:queue:default", $"{_prefix}:jobs:queues", $"{_prefix}:jobs:state:Queued", $"{_prefix}:jobs:summary"],
            keys);
    }

    [Fact]
    public async Task Remove_LastJob_LeavesOnlyTheQueueNames()
    {
        var job = TestJobs.Create("a", 1, JobState.DeadLettered, "gpu", new Dictionary<string, string> { ["team"] = "data" });
        var index = await RecordAsync(job);

        await index.RemoveAsync(job);

        // A queue stays listed after its last job is gone: it may have settings, and GET /api/v1/queues shows it.
        Assert.Equal([$"{_prefix}:jobs:queues"], Connection.GetServer(redis.ConnectionString).Keys(pattern: $"{_prefix}:*").Select(k => k.ToString()));
        Assert.Equal(["gpu"], await index.QueuesAsync());
    }

    [Fact]
    public async Task Record_Summary_IsCamelCaseJsonWithStringEnums()
    {
        await RecordAsync(TestJobs.Create("a", 1, JobState.Running));

        var json = (string?)await Connection.GetDatabase().HashGetAsync($"{_prefix}:jobs:summary", "a");

        Assert.NotNull(json);
        Assert.Contains("\"state\":\"Running\"", json, StringComparison.Ordinal);
        Assert.Contains("\"queue\":\"default\"", json, StringComparison.Ordinal);
    }
}

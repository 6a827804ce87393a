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

    /// <summary>The commands the server ran during <paramref name="action"/>, by name, with how often (a script's calls included).</summary>
    private async Task<Dictionary<string, long>> CommandsSentDuringAsync(Func<Task> action)
    {
        // The probe has its own connection so that its INFO does not mix with what the index sends.
        await using var probe = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var before = await CommandCallsAsync(probe);

        await action();

        var after = await CommandCallsAsync(probe);
        var sent = after.Where(c => c.Value != before.GetValueOrDefault(c.Key))
            .ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key));
        // INFO is the probe; PING/ECHO are the clients' heartbeats.
        sent.Remove("info");
        sent.Remove("ping");
        sent.Remove("echo");
        return sent;
    }

    /// <summary>The raw counts hash of <paramref name="queue"/>: state name → count.</summary>
    private async Task<Dictionary<string, long>> CountsHashAsync(string queue) =>
        (await Connection.GetDatabase().HashGetAllAsync($"{_prefix}:jobs:counts:{queue}"))
            .ToDictionary(f => f.Name.ToString(), f => (long)f.Value);

    protected override Task<IJobIndex> CreateIndexAsync() => Task.FromResult<IJobIndex>(
        new RedisJobIndex(Connection, Options.Create(new RedisOptions { KeyPrefix = _prefix }), NullLogger<RedisJobIndex>.Instance));

    [Fact]
    public async Task Record_StateChange_RunsOneScriptOfItsWritesAndCounts()
    {
        var job = TestJobs.Create("a", 1, JobState.Queued, labels: new Dictionary<string, string> { ["team"] = "data" });
        var warm = TestJobs.Create("b", 2, JobState.Queued);
        var index = await RecordAsync(job, warm, TestJobs.Create("c", 3, JobState.Queued));
        // The client loads a script into the server on its first use (SCRIPT LOAD), then sends only its SHA.
        await index.RecordAsync(warm with { State = JobState.Running }, JobState.Queued);

        var sent = await CommandsSentDuringAsync(() => index.RecordAsync(job with { State = JobState.Running }, JobState.Queued));

        // Queued's count goes from 2 to 1 and Running's from 1 to 2: one HINCRBY each, no HDEL; the job leaves its
        // queue's ready set (the oldest-ready-age gauge's source) too.
        Assert.Equal(
            new Dictionary<string, long> { ["evalsha"] = 1, ["zrem"] = 2, ["zadd"] = 1, ["hincrby"] = 2, ["hset"] = 1 }.OrderBy(c => c.Key),
            sent.OrderBy(c => c.Key));
    }

    [Fact]
    public async Task CountByState_ManyJobs_ReadsOneCountsHashAndNoIntersection()
    {
        var index = await CreateIndexAsync();
        var states = new[] { JobState.Queued, JobState.Running, JobState.Succeeded };
        for (var i = 0; i < 30; i++)
        {
            var job = TestJobs.Create($"job-{i}", i, queue: i % 3 == 0 ? "other" : "reports");
            await index.RecordAsync(job, previousState: null);
            if (states[i % 3] != JobState.Queued)
                await index.RecordAsync(job with { State = states[i % 3] }, JobState.Queued);
        }

        IReadOnlyDictionary<JobState, long>? counts = null;
        var sent = await CommandsSentDuringAsync(async () => counts = await index.CountByStateAsync("reports"));

        // 20 jobs in reports: i % 3 == 1 are running, i % 3 == 2 succeeded; the zero counts have no field.
        Assert.Equal(
            new Dictionary<string, long> { ["Running"] = 10, ["Succeeded"] = 10 }.OrderBy(c => c.Key),
            (await CountsHashAsync("reports")).OrderBy(c => c.Key));
        Assert.Equal(new Dictionary<string, long> { ["Queued"] = 10 }, await CountsHashAsync("other"));
        Assert.Equal((10L, 10L, 20L), (counts![JobState.Running], counts[JobState.Succeeded], counts.Values.Sum()));
        Assert.Equal(new Dictionary<string, long> { ["hgetall"] = 1 }, sent);
    }

    [Fact]
    public async Task CountByState_NegativeOrUnknownField_ReadsAsZero()
    {
        var index = await RecordAsync(TestJobs.Create("a", 1, JobState.Running));
        await Connection.GetDatabase().HashSetAsync(
            $"{_prefix}:jobs:counts:default", [new("Queued", -3), new("NoSuchState", 5), new("Failed", "not a number")]);

        var counts = await index.CountByStateAsync("default");

        Assert.Equal(Enum.GetValues<JobState>().Length, counts.Count);
        Assert.Equal((1L, 1L), (counts[JobState.Running], counts.Values.Sum()));
    }

    [Fact]
    public async Task Record_JobIndexedBeforeCountsWereKept_NeverCountsBelowZero()
    {
        var job = TestJobs.Create("a", 1);
        var index = await RecordAsync(job);
        // As an index written before the counts hash existed: the sets hold the job, no count does.
        await Connection.GetDatabase().KeyDeleteAsync($"{_prefix}:jobs:counts:default");

        await index.RecordAsync(job with { State = JobState.Running }, JobState.Queued);

        Assert.Equal(new Dictionary<string, long> { ["Running"] = 1 }, await CountsHashAsync("default"));
        Assert.Equal(1, (await index.CountByStateAsync("default"))[JobState.Running]);
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
            [
                $"{_prefix}:jobs:all", $"{_prefix}:jobs:counts:default", $"{_prefix}:jobs:label:team=data", $"{_prefix}:jobs:queue:default",
                $"{_prefix}:jobs:queues", $"{_prefix}:jobs:ready:default", $"{_prefix}:jobs:state:Queued", $"{_prefix}:jobs:summary",
            ],
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

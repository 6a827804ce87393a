using System.Diagnostics;
using JobScheduler.Grains.Deadlines;
using JobScheduler.Grains.Hosting;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Deadlines;

[Collection(RedisCollection.Name)]
public sealed class RedisJobDeadlinesTests(RedisFixture redis, ITestOutputHelper output) : JobDeadlinesTests, IAsyncLifetime
{
    // Each test writes under its own prefix, so tests sharing the server never see each other's keys.
    private readonly string _prefix = "test-" + Guid.NewGuid().ToString("N");
    private readonly List<ConnectionMultiplexer> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync();
    }

    protected override async Task<IJobDeadlines> CreateAsync() => Create(await ConnectAsync());

    // Its own multiplexer, as another silo process would have.
    protected override async Task<IJobDeadlines> ConnectAnotherAsync(IJobDeadlines store) => Create(await ConnectAsync());

    [Fact]
    public async Task Set_Deadline_IsOneSortedSetEntryInUnixMilliseconds()
    {
        var connection = await ConnectAsync();
        await Create(connection).SetAsync("a", Now);

        var score = await connection.GetDatabase().SortedSetScoreAsync($"{_prefix}:deadlines", "a");

        Assert.Equal(Now.ToUnixTimeMilliseconds(), score);
    }

    [Fact]
    public async Task Clear_LastJob_LeavesNoKey()
    {
        var connection = await ConnectAsync();
        var deadlines = Create(connection);
        await deadlines.SetAsync("a", Now);

        await deadlines.ClearAsync("a");

        Assert.False(await connection.GetDatabase().KeyExistsAsync($"{_prefix}:deadlines"));
    }

    [Fact]
    public async Task Claim_HundredThousandOverdue_ClaimsEachOnce()
    {
        const int jobs = 100_000;
        const int batchSize = 500;
        var connection = await ConnectAsync();
        var deadlines = Create(connection);
        // Loaded in one ZADD per 10,000 so the setup does not dominate the test's time.
        var db = connection.GetDatabase();
        foreach (var chunk in Enumerable.Range(0, jobs).Chunk(10_000))
        {
            await db.SortedSetAddAsync(
                $"{_prefix}:deadlines",
                [.. chunk.Select(i => new SortedSetEntry($"job-{i:D6}", Now.AddMilliseconds(-i).ToUnixTimeMilliseconds()))]);
        }

        var stopwatch = Stopwatch.StartNew();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var claims = 0;
        IReadOnlyList<string> batch;
        while ((batch = await deadlines.ClaimOverdueAsync(Now, batchSize, TimeSpan.FromSeconds(30))).Count > 0)
        {
            claimed.UnionWith(batch);
            claims++;
        }
        stopwatch.Stop();

        output.WriteLine(
            $"claimed {jobs} in {claims} claims of {batchSize} in {stopwatch.Elapsed.TotalMilliseconds:0} ms: "
            + $"{stopwatch.Elapsed.TotalMilliseconds / claims:0.00} ms per claim, {jobs / stopwatch.Elapsed.TotalSeconds:0} ids/s");
        Assert.Equal(jobs, claimed.Count);
        Assert.Equal(jobs, await db.SortedSetLengthAsync($"{_prefix}:deadlines"));
        // Generous: a few seconds on a loaded 2-core CI machine; the point is that it is not minutes.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"Claiming took {stopwatch.Elapsed}.");
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        _connections.Add(connection);
        return connection;
    }

    private RedisJobDeadlines Create(ConnectionMultiplexer connection) =>
        new(connection, Options.Create(new RedisOptions { KeyPrefix = _prefix }));
}

using System.Diagnostics;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Tests.Indexing;

[Collection(RedisCollection.Name)]
public sealed class RedisWorkflowIndexTests(RedisFixture redis) : WorkflowIndexTests, IAsyncLifetime
{
    // Each test writes under its own prefix, so tests sharing the server never see each other's keys.
    private readonly string _prefix = "test-" + Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? _connection;

    private ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            var server = _connection.GetServer(redis.ConnectionString);
            await foreach (var key in server.KeysAsync(pattern: _prefix + ":*"))
                await _connection.GetDatabase().KeyDeleteAsync(key);
            await _connection.DisposeAsync();
        }
    }

    protected override Task<IWorkflowIndex> CreateIndexAsync() => Task.FromResult<IWorkflowIndex>(
        new RedisWorkflowIndex(Connection, Options.Create(new RedisOptions { KeyPrefix = _prefix }), NullLogger<RedisWorkflowIndex>.Instance));

    [Fact]
    public async Task Query_HundredThousandWorkflows_APageStaysFastForAdminAndTenant()
    {
        var index = await CreateIndexAsync();
        const int count = 100_000;
        for (var start = 0; start < count; start += 2_000)
        {
            await Task.WhenAll(Enumerable.Range(start, 2_000).Select(i => index.RecordAsync(
                Summary($"wf-{i:D6}", i, i % 10 == 0 ? WorkflowState.Failed : WorkflowState.Succeeded, queues: [i % 2 == 0 ? "qa" : "qb"]))));
        }

        var clock = Stopwatch.StartNew();
        var first = await index.QueryAsync(new WorkflowQuery { PageSize = 50 });
        var firstTime = clock.Elapsed;
        clock.Restart();
        var deep = await index.QueryAsync(new WorkflowQuery { Page = 1_000, PageSize = 50, State = WorkflowState.Succeeded });
        var deepTime = clock.Elapsed;
        clock.Restart();
        var tenant = await index.QueryAsync(new WorkflowQuery { PageSize = 50, Queues = ["qa"], State = WorkflowState.Failed });
        var tenantTime = clock.Elapsed;

        Assert.Equal(count, first.Total);
        Assert.Equal("wf-099999", first.Items[0].Id);
        Assert.Equal(90_000, deep.Total);
        Assert.Equal(50, deep.Items.Count);
        Assert.Equal(10_000, tenant.Total);
        Assert.Equal("wf-099990", tenant.Items[0].Id);
        // Generous bounds for a shared 2-core machine; each is two round trips of O(log N + page) work.
        Assert.True(firstTime < TimeSpan.FromMilliseconds(500), $"first page took {firstTime.TotalMilliseconds} ms");
        Assert.True(deepTime < TimeSpan.FromMilliseconds(500), $"page 1000 took {deepTime.TotalMilliseconds} ms");
        Assert.True(tenantTime < TimeSpan.FromMilliseconds(500), $"tenant page took {tenantTime.TotalMilliseconds} ms");
    }
}

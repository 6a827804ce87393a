using JobScheduler.Grains.Events;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Webhooks;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Tests.Webhooks;

/// <summary>The Redis delivery store and consumer-group source against a real Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class WebhookDeliveryStoreTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_764_590_400_000);
    private readonly string _prefix = "wh-store-" + Guid.NewGuid().ToString("N")[..8];
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

    public Task DisposeAsync() => _connection.DisposeAsync().AsTask();

    private RedisWebhookDeliveryStore Store(int logLength = 1000) =>
        new(_connection, Options.Create(new RedisOptions { KeyPrefix = _prefix }), Options.Create(new WebhookOptions { LogLength = logLength }));

    private static WebhookWork Work(string eventId, DateTimeOffset? created = null) => new(
        new WebhookDelivery
        {
            Id = "wh_1:" + eventId, SubscriptionId = "wh_1", EventId = eventId, Type = "job.succeeded",
            Status = WebhookDeliveryStatus.Pending, CreatedAt = created ?? Now, NextAttemptAt = created ?? Now,
        },
        "{}", created ?? Now);

    [Fact]
    public async Task Enqueue_SameEventTwice_MakesOneDelivery()
    {
        var store = Store();
        await store.EnqueueAsync([Work("1-0")]);
        await store.EnqueueAsync([Work("1-0")]);
        Assert.Single(await store.ListAsync("wh_1", 10));
        Assert.Single(await store.ClaimDueAsync(Now, TimeSpan.FromSeconds(10), 10));
    }

    [Fact]
    public async Task Claim_HeldDelivery_IsClaimedAgainOnlyAfterItsLease()
    {
        var store = Store();
        await store.EnqueueAsync([Work("1-0")]);
        Assert.Single(await store.ClaimDueAsync(Now, TimeSpan.FromSeconds(10), 10));
        Assert.Empty(await store.ClaimDueAsync(Now + TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10), 10));
        var again = Assert.Single(await store.ClaimDueAsync(Now + TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), 10));

        await store.SaveAsync(again with { Delivery = again.Delivery with { Status = WebhookDeliveryStatus.Succeeded, NextAttemptAt = null, Attempts = 2 } });
        Assert.Empty(await store.ClaimDueAsync(Now + TimeSpan.FromHours(1), TimeSpan.FromSeconds(10), 10));
        Assert.Equal((WebhookDeliveryStatus.Succeeded, 2), (await store.GetAsync("wh_1:1-0"))!.Delivery is var d ? (d.Status, d.Attempts) : default);
    }

    [Fact]
    public async Task List_LongLog_KeepsTheNewestFirst()
    {
        var store = Store(logLength: 10);
        for (var i = 0; i < 15; i++)
            await store.EnqueueAsync([Work($"{i + 1}-0", Now + TimeSpan.FromSeconds(i))]);
        var log = await store.ListAsync("wh_1", 100);
        Assert.Equal(Enumerable.Range(6, 10).Reverse().Select(i => $"{i}-0"), log.Select(d => d.EventId));
    }

    [Fact]
    public async Task Source_UnacknowledgedEvents_AreTakenOverByAnotherSilo()
    {
        var redisOptions = Options.Create(new RedisOptions { KeyPrefix = _prefix });
        var options = Options.Create(new WebhookOptions { ClaimAfter = TimeSpan.FromMilliseconds(500) });
        var first = new RedisWebhookEventSource(_connection, redisOptions, options);
        var second = new RedisWebhookEventSource(_connection, redisOptions, options);
        Assert.Empty(await first.ReadAsync(10));
        var log = new RedisEventLog(_connection, redisOptions, Options.Create(new EventLogOptions()));
        for (var i = 0; i < 3; i++)
            await log.AppendAsync(new SchedulerEvent { Kind = SchedulerEventKind.Job, At = Now, JobId = $"j{i}", To = JobState.Queued });

        var read = await first.ReadAsync(10);
        Assert.Equal(3, read.Count);
        Assert.Empty(await second.ReadAsync(10));
        // The first reader "dies" without acknowledging: after ClaimAfter the second takes the events over.
        IReadOnlyList<SchedulerEvent> taken = [];
        await Eventually.Async(async () => (taken = await second.ReadAsync(10)).Count == 3, TimeSpan.FromSeconds(10), "the second reader claims the events");
        Assert.Equal(read.Select(e => e.Id), taken.Select(e => e.Id));
        await second.AcknowledgeAsync(taken);
        await Continually.Async(async () => (await first.ReadAsync(10)).Count == 0, TimeSpan.FromSeconds(1), "acknowledged events are never handed out again");
    }
}

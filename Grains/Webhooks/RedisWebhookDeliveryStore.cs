using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// Deliveries in Redis: each one a JSON string <c>{KeyPrefix}:webhooks:delivery:{id}</c> (expiring
/// <see cref="WebhookOptions.LogRetention"/> after its last change), the pending ones in the sorted set
/// <c>{KeyPrefix}:webhooks:due</c> by due time, and each subscription's log in <c>{KeyPrefix}:webhooks:log:{subscription}</c>.
/// Claiming moves a delivery's due time forward by the lease in the same script, so two silos never claim it at once.
/// </summary>
public sealed class RedisWebhookDeliveryStore : IWebhookDeliveryStore
{
    private const string EnqueueScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
          redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
          redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -1 - tonumber(ARGV[5]))
          redis.call('PEXPIRE', KEYS[3], ARGV[2])
        end
        return 1
        """;

    private const string ClaimScript = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
        local out = {}
        for _, id in ipairs(ids) do
          local v = redis.call('GET', ARGV[4] .. id)
          if v then
            redis.call('ZADD', KEYS[1], ARGV[2], id)
            out[#out + 1] = v
          else
            redis.call('ZREM', KEYS[1], id)
          end
        end
        return out
        """;

    private const string SaveScript = """
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        if ARGV[3] == '' then
          redis.call('ZREM', KEYS[2], ARGV[4])
        else
          redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
        end
        return 1
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly WebhookOptions _options;
    private readonly string _prefix;
    private readonly RedisKey _due;

    /// <summary>Creates the store over <paramref name="redis"/>, under <see cref="RedisOptions.KeyPrefix"/>.</summary>
    public RedisWebhookDeliveryStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<WebhookOptions> options)
    {
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _options = options.Value;
        _prefix = RedisShardLayout.For(redis, redisOptions.Value).SingleSlotRoot + ":webhooks:";
        _due = _prefix + "due";
    }

    /// <inheritdoc />
    public Task EnqueueAsync(IReadOnlyList<WebhookWork> deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var db = _redis.GetDatabase();
        var ttl = (long)_options.LogRetention.TotalMilliseconds;
        return Task.WhenAll(deliveries.Select(w => db.ScriptEvaluateAsync(EnqueueScript,
            [DeliveryKey(w.Delivery.Id), _due, LogKey(w.Delivery.SubscriptionId)],
            [WebhookWorkJson.Write(w), ttl, w.Delivery.CreatedAt.ToUnixTimeMilliseconds(), w.Delivery.Id, _options.LogLength])));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookWork>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max)
    {
        var result = await _redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, [_due],
            [now.ToUnixTimeMilliseconds(), (now + lease).ToUnixTimeMilliseconds(), max, _prefix + "delivery:"]);
        return [.. ((RedisResult[])result!).Select(r => WebhookWorkJson.Read((string)r!))];
    }

    /// <inheritdoc />
    public Task SaveAsync(WebhookWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var due = work.Delivery is { Status: WebhookDeliveryStatus.Pending, NextAttemptAt: { } next } ? next.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return _redis.GetDatabase().ScriptEvaluateAsync(SaveScript, [DeliveryKey(work.Delivery.Id), _due],
            [WebhookWorkJson.Write(work), (long)_options.LogRetention.TotalMilliseconds, due, work.Delivery.Id]);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookDelivery>> ListAsync(string subscriptionId, int limit)
    {
        var db = _redis.GetDatabase();
        var ids = await db.SortedSetRangeByRankAsync(LogKey(subscriptionId), 0, limit - 1, Order.Descending);
        if (ids.Length == 0)
            return [];
        var values = await db.StringGetAsync([.. ids.Select(id => DeliveryKey(id!))]);
        return [.. values.Where(v => !v.IsNull).Select(v => WebhookWorkJson.Read(v!).Delivery)];
    }

    /// <inheritdoc />
    public async Task<WebhookWork?> GetAsync(string deliveryId)
    {
        var value = await _redis.GetDatabase().StringGetAsync(DeliveryKey(deliveryId));
        return value.IsNull ? null : WebhookWorkJson.Read(value!);
    }

    private RedisKey DeliveryKey(string id) => _prefix + "delivery:" + id;

    private RedisKey LogKey(string subscriptionId) => _prefix + "log:" + subscriptionId;
}

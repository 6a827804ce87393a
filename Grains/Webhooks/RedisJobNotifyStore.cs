using System.Text.Json;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// Jobs' notify subscriptions in Redis: one JSON array per job, <c>{KeyPrefix}:webhooks:notify:{jobId}</c>, without
/// expiry (the job grain removes it when the job is deleted or expires). A batch of events costs one <c>MGET</c>.
/// </summary>
public sealed class RedisJobNotifyStore : IJobNotifyStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;

    /// <summary>Creates the store over <paramref name="redis"/>, under <see cref="RedisOptions.KeyPrefix"/>.</summary>
    public RedisJobNotifyStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions)
    {
        ArgumentNullException.ThrowIfNull(redisOptions);
        _redis = redis;
        _prefix = RedisShardLayout.For(redis, redisOptions.Value).SingleSlotRoot + ":webhooks:notify:";
    }

    /// <inheritdoc />
    public Task SetAsync(string jobId, IReadOnlyList<WebhookTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return _redis.GetDatabase().StringSetAsync(_prefix + jobId, JsonSerializer.Serialize([.. targets], WebhookWorkJson.Default.WebhookTargetArray));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<WebhookTarget>>> GetAsync(IReadOnlyCollection<string> jobIds)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var found = new Dictionary<string, IReadOnlyList<WebhookTarget>>(StringComparer.Ordinal);
        if (jobIds.Count == 0)
            return found;
        var ids = jobIds.ToArray();
        var values = await _redis.GetDatabase().StringGetAsync([.. ids.Select(id => (RedisKey)(_prefix + id))]);
        for (var i = 0; i < ids.Length; i++)
        {
            if (!values[i].IsNull)
                found[ids[i]] = JsonSerializer.Deserialize((string)values[i]!, WebhookWorkJson.Default.WebhookTargetArray) ?? [];
        }
        return found;
    }

    /// <inheritdoc />
    public Task RemoveAsync(string jobId) => _redis.GetDatabase().KeyDeleteAsync(_prefix + jobId);
}

using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using StackExchange.Redis;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// Refuses to start a silo on a Redis that may evict keys (<c>maxmemory-policy</c> other than <c>noeviction</c>):
/// evicted job state, index entries or reminders are jobs lost without a trace. Reads the policy with
/// <c>INFO memory</c>, which managed Redis services answer even where they disable <c>CONFIG</c>.
/// </summary>
internal sealed partial class RedisEvictionPolicyCheck(IConnectionMultiplexer redis, TimeProvider time, ILogger<RedisEvictionPolicyCheck> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RedisEvictionPolicyCheck), ServiceLifecycleStage.First, CheckAsync);

    /// <exception cref="InvalidOperationException">Redis's policy evicts keys.</exception>
    internal async Task CheckAsync(CancellationToken cancellationToken)
    {
        var info = await ReadInfoAsync(cancellationToken);
        var policy = RedisEvictionPolicy.Parse(info);
        if (policy is null)
        {
            LogPolicyUnknown();
            return;
        }
        if (RedisEvictionPolicy.IsSafe(policy))
            return;
        LogEvictingPolicy(policy);
        throw new InvalidOperationException(
            $"Redis's maxmemory-policy is '{policy}', which evicts keys under memory pressure and would lose jobs, schedules and reminders. " +
            "Set it to noeviction (redis.conf: maxmemory-policy noeviction; or CONFIG SET maxmemory-policy noeviction; on a managed Redis, its " +
            "eviction or maxmemory-policy setting), then start the silo again.");
    }

    private async Task<string> ReadInfoAsync(CancellationToken cancellationToken)
    {
        var warned = false;
        while (true)
        {
            try
            {
                return (string?)await redis.GetDatabase().ExecuteAsync("INFO", "memory") ?? "";
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                // A silo started while Redis is briefly away waits for it, as Orleans' own Redis providers do.
                if (!warned)
                    LogRedisUnreachable(e, RetryInterval);
                warned = true;
            }
            await Task.Delay(RetryInterval, time, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Redis maxmemory-policy is '{Policy}': it evicts keys and would lose jobs. Refusing to start. Fix: set maxmemory-policy to noeviction (redis.conf, CONFIG SET maxmemory-policy noeviction, or the managed service's eviction setting).")]
    private partial void LogEvictingPolicy(string policy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis's INFO memory has no maxmemory_policy; cannot check that it is noeviction. Make sure Redis never evicts keys.")]
    private partial void LogPolicyUnknown();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable; checking its maxmemory-policy again every {RetryInterval}")]
    private partial void LogRedisUnreachable(Exception exception, TimeSpan retryInterval);
}

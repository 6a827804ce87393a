using JobScheduler.Grains.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace JobScheduler.Grains.Hosting;

/// <summary>Registers the process's one Redis connection and the replica acknowledgements that wait on it.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedisOptions"/> (validated at start) and, unless one is registered, the process's one
    /// <see cref="IConnectionMultiplexer"/> to <see cref="RedisOptions.ConnectionString"/> (Sentinel and TLS included),
    /// which every Redis user of the process shares, Orleans' providers too (their <c>CreateMultiplexer</c>, as shared).
    /// Safe to call twice.
    /// </summary>
    public static IServiceCollection AddSchedulerRedis(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddRedisConnection();
    }

    /// <summary>
    /// Registers <see cref="IReplicaAcknowledgements"/> on the shared connection: WAIT for
    /// <see cref="RedisOptions.ReplicaAcks"/> replicas (none when 0). Replaces the no-op the grains register. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddRedisReplicaAcknowledgements(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRedisConnection();
        services.RemoveAll<IReplicaAcknowledgements>();
        services.AddSingleton<IReplicaAcknowledgements, RedisReplicaAcknowledgements>();
        return services;
    }

    /// <summary>
    /// A <c>CreateMultiplexer</c> for Orleans' Redis providers: the process's shared <see cref="IConnectionMultiplexer"/>,
    /// marked shared so the provider never disposes it.
    /// </summary>
    public static Func<TOptions, Task<(IConnectionMultiplexer Multiplexer, bool IsShared)>> SharedMultiplexer<TOptions>(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return _ => Task.FromResult((services.GetRequiredService<IConnectionMultiplexer>(), true));
    }
}

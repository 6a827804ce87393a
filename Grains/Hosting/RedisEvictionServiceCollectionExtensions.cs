using JobScheduler.Grains.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobScheduler.Grains.Hosting;

/// <summary>Registers the start-up check of Redis's eviction policy.</summary>
public static class RedisEvictionServiceCollectionExtensions
{
    /// <summary>
    /// Makes the silo refuse to start when its Redis (<c>Scheduler:Redis:ConnectionString</c>) has a
    /// <c>maxmemory-policy</c> other than <c>noeviction</c>. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddRedisEvictionPolicyCheck(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(RedisEvictionPolicyCheck)))
            return services;
        services.AddRedisConnection();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RedisEvictionPolicyCheck>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<RedisEvictionPolicyCheck>());
        return services;
    }
}

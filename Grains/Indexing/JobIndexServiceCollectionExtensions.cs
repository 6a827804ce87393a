using JobScheduler.Grains.Events;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Indexing;

/// <summary>Registers the <see cref="IJobIndex"/>. Each method is safe to call twice; the first index registered wins.</summary>
public static class JobIndexServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedisJobIndex"/> (cluster mode). Uses the registered <see cref="IConnectionMultiplexer"/>,
    /// or registers one connected to <see cref="RedisOptions.ConnectionString"/> from configuration section
    /// <see cref="RedisOptions.SectionName"/>.
    /// </summary>
    public static IServiceCollection AddRedisJobIndex(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRedisEventLog();
        services.AddRedisWebhooks();
        services.TryAddSingleton<IJobIndex, RedisJobIndex>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="RedisOptions"/> and, unless one is registered, the process's one <see cref="IConnectionMultiplexer"/>,
    /// shared by everything the scheduler keeps in Redis besides Orleans' own state (the index, the deadlines).
    /// </summary>
    internal static IServiceCollection AddRedisConnection(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        services.TryAddSingleton<IConnectionMultiplexer>(sp => Connect(sp.GetRequiredService<IOptions<RedisOptions>>().Value));
        // What this connection throws in a grain reaches the grain's caller as itself (a 503 at the API, not a 500).
        services.AddRedisExceptionSerialization();
        return services;
    }

    /// <summary>Registers <see cref="InMemoryJobIndex"/> (embedded mode: one process, nothing persisted).</summary>
    public static IServiceCollection AddInMemoryJobIndex(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddInMemoryEventLog();
        services.AddInMemoryWebhooks();
        services.TryAddSingleton<IJobIndex, InMemoryJobIndex>();
        return services;
    }

    private static ConnectionMultiplexer Connect(RedisOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException(
                $"The Redis job index and deadlines need '{RedisOptions.SectionName}:ConnectionString' (e.g. 127.0.0.1:6379); without Redis use AddInMemoryJobIndex and AddInMemoryJobDeadlines.");
        return ConnectionMultiplexer.Connect(RedisConnection.Options(options.ConnectionString));
    }
}

using JobScheduler.Grains.Observability;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Deadlines;

/// <summary>Registers the job deadlines and the per-silo sweep. Each method is safe to call twice.</summary>
public static class DeadlineServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedisJobDeadlines"/> (cluster mode) as <see cref="IJobDeadlines"/> unless one is registered.
    /// Shares the <see cref="IConnectionMultiplexer"/> of the Redis job index (registering it, connected to
    /// <c>Scheduler:Redis:ConnectionString</c>, unless one is registered) and its <see cref="RedisOptions.KeyPrefix"/>.
    /// </summary>
    public static IServiceCollection AddRedisJobDeadlines(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRedisConnection();
        services.TryAddSingleton<IJobDeadlines, RedisJobDeadlines>();
        return services;
    }

    /// <summary>Registers <see cref="InMemoryJobDeadlines"/> (embedded mode) as <see cref="IJobDeadlines"/> unless one is registered.</summary>
    public static IServiceCollection AddInMemoryJobDeadlines(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IJobDeadlines, InMemoryJobDeadlines>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="DeadlineOptions"/> (section <c>Scheduler:Deadlines</c>, validated at start) and the
    /// silo's deadline sweeper as a silo lifecycle participant. Needs an <see cref="IJobDeadlines"/>
    /// (<see cref="AddRedisJobDeadlines"/> or <see cref="AddInMemoryJobDeadlines"/>) and a silo's <see cref="IGrainFactory"/>.
    /// </summary>
    public static IServiceCollection AddDeadlineSweeper(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(DeadlineSweeper)))
            return services;

        services.AddOptions<DeadlineOptions>().BindConfiguration(DeadlineOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeadlineOptions>, DeadlineOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IJobPoker, GrainJobPoker>();
        services.AddSchedulerMetrics();
        services.AddSingleton<DeadlineSweeper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<DeadlineSweeper>());
        return services;
    }
}

using JobScheduler.Grains.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Events;

/// <summary>Registers the <see cref="IEventLog"/>. Each method is safe to call twice; the first log registered wins.</summary>
public static class EventLogServiceCollectionExtensions
{
    /// <summary>The Redis stream (cluster mode), with the age trimmer when <paramref name="trim"/> (silos; API processes only read).</summary>
    public static IServiceCollection AddRedisEventLog(this IServiceCollection services, bool trim = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddEventLogOptions();
        services.AddRedisConnection();
        services.TryAddSingleton<IEventLog, RedisEventLog>();
        if (trim && !services.Any(d => d.ImplementationType == typeof(EventLogTrimmer)))
            services.AddHostedService<EventLogTrimmer>();
        return services;
    }

    /// <summary>The in-memory ring (embedded mode), which the in-memory job index appends to.</summary>
    public static IServiceCollection AddInMemoryEventLog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddEventLogOptions();
        services.TryAddSingleton<InMemoryEventLog>();
        services.TryAddSingleton<IEventLog>(sp => sp.GetRequiredService<InMemoryEventLog>());
        return services;
    }

    private static void AddEventLogOptions(this IServiceCollection services)
    {
        services.TryAddSingleton<EventAppendedSignal>();
        services.AddOptions<EventLogOptions>().BindConfiguration(EventLogOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventLogOptions>, EventLogOptionsValidator>());
    }
}

using JobScheduler.Grains.Outbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Webhooks;

/// <summary>Registers webhook deliveries on a silo. Each method is safe to call twice; the first store registered wins.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>Deliveries in Redis, events through the stream's consumer group (cluster mode).</summary>
    public static IServiceCollection AddRedisWebhooks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IWebhookDeliveryStore, RedisWebhookDeliveryStore>();
        services.TryAddSingleton<IWebhookEventSource, RedisWebhookEventSource>();
        services.TryAddSingleton<IJobNotifyStore, RedisJobNotifyStore>();
        return services.AddWebhookDispatcher();
    }

    /// <summary>Deliveries in memory, events from the in-memory ring (embedded mode).</summary>
    public static IServiceCollection AddInMemoryWebhooks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IWebhookDeliveryStore, InMemoryWebhookDeliveryStore>();
        services.TryAddSingleton<IWebhookEventSource, InMemoryWebhookEventSource>();
        services.TryAddSingleton<IJobNotifyStore, InMemoryJobNotifyStore>();
        return services.AddWebhookDispatcher();
    }

    private static IServiceCollection AddWebhookDispatcher(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(WebhookDispatcher)))
            return services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.AddOutboundHttp();
        services.TryAddSingleton(Random.Shared);
        services.TryAddSingleton<WebhookTargets>();
        services.TryAddSingleton<Events.EventAppendedSignal>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }
}

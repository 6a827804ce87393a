using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobScheduler.Client.Api.Hosting;

/// <summary>Connects the API to the scheduler: a co-hosted silo (embedded mode) or the Redis cluster.</summary>
public static class SchedulerBackendExtensions
{
    /// <summary>
    /// Without <c>Scheduler:Redis:ConnectionString</c>, co-hosts a silo with in-memory state (embedded mode);
    /// with it, joins the Redis cluster as an Orleans client. Either way registers <see cref="JobSchedulerClient"/>.
    /// </summary>
    public static WebApplicationBuilder AddSchedulerBackend(this WebApplicationBuilder builder)
    {
        // Decides what is registered, so it is read before the container exists: the options class, bound once.
        var redis = builder.Configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (string.IsNullOrWhiteSpace(redis.ConnectionString))
            builder.AddEmbeddedSilo();
        else
            builder.AddClusterClient(redis.ConnectionString);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new JobSchedulerClient(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobScheduler.Grains.Indexing;

/// <summary>Registers the <see cref="IWorkflowIndex"/>. Each method is safe to call twice; the first index registered wins.</summary>
public static class WorkflowIndexServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedisWorkflowIndex"/> (cluster mode), on the process's one Redis connection (as the job index,
    /// from <c>Scheduler:Redis</c>).
    /// </summary>
    public static IServiceCollection AddRedisWorkflowIndex(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRedisConnection();
        services.TryAddSingleton<IWorkflowIndex, RedisWorkflowIndex>();
        return services;
    }

    /// <summary>Registers <see cref="InMemoryWorkflowIndex"/> (embedded mode: one process, nothing persisted).</summary>
    public static IServiceCollection AddInMemoryWorkflowIndex(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IWorkflowIndex, InMemoryWorkflowIndex>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Retries;

/// <summary>Registers the configured retry defaults.</summary>
public static class RetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RetryDefaultsOptions"/> (<c>Scheduler:Jobs:Retry</c> and <c>Scheduler:Queues:{name}:Retry</c>,
    /// validated at start) and <see cref="RetryDefaults"/>. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddRetryDefaults(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(RetryDefaults)))
            return services;
        services.AddOptions<RetryDefaultsOptions>().BindConfiguration(RetryDefaultsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetryDefaultsOptions>, RetryDefaultsOptionsValidator>());
        services.AddSingleton<RetryDefaults>();
        return services;
    }
}

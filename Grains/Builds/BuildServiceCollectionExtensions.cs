using JobScheduler.Grains.Outbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Builds;

/// <summary>Registers image builds from Dockerfile URLs on a silo. Safe to call twice.</summary>
public static class BuildServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="BuildOptions"/> (<c>Scheduler:Builds</c>, validated at start), the outbound guard
    /// (<c>Scheduler:Outbound</c>), <see cref="ImageBuilder"/> and its <see cref="BuiltImageCache"/>. Needs the Docker
    /// client (<c>AddDockerContainerRuntime</c>) and the submission policy.
    /// </summary>
    public static IServiceCollection AddImageBuilds(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ImageBuilder)))
            return services;
        services.AddOptions<BuildOptions>().BindConfiguration(BuildOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BuildOptions>, BuildOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddOutboundHttp();
        services.AddSingleton<BuiltImageCache>();
        services.AddSingleton<ImageBuilder>();
        return services;
    }
}

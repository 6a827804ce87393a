using Docker.DotNet;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Docker;

/// <summary>Wires the Docker container runtime into a host.</summary>
public static class DockerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ContainerOptions"/> (section <c>Scheduler:Containers</c>, validated at start),
    /// one <see cref="DockerClient"/> for <see cref="ContainerOptions.DockerEndpoint"/> (over mutual TLS with
    /// <see cref="ContainerOptions.TlsCertPath"/>) and
    /// <see cref="IContainerRuntime"/> as <see cref="DockerContainerRuntime"/>. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddDockerContainerRuntime(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<ContainerOptions>().BindConfiguration(ContainerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ContainerOptions>, ContainerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ContainerOptions>>().Value;
            return options.TlsCertPath is { } tls
                ? new DockerClientConfiguration(new Uri(options.DockerEndpoint), DockerTlsFiles.Load(tls).Credentials()).CreateClient()
                : new DockerClientConfiguration(new Uri(options.DockerEndpoint)).CreateClient();
        });
        services.TryAddSingleton<IDockerClient>(provider => provider.GetRequiredService<DockerClient>());
        services.AddSchedulerMetrics();
        services.TryAddSingleton<IContainerRuntime, DockerContainerRuntime>();
        return services;
    }
}

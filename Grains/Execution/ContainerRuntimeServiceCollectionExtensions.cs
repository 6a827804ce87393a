using JobScheduler.Grains.Docker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Execution;

/// <summary>Wires the worker's <see cref="IContainerRuntime"/>: Docker, unless the host's configuration asks for the simulated one.</summary>
public static class ContainerRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Docker runtime with <see cref="ContainerOptions"/> (section <c>Scheduler:Containers</c>, validated at
    /// start; <see cref="DockerServiceCollectionExtensions.AddDockerContainerRuntime"/>) and the simulated one,
    /// and resolves <see cref="IContainerRuntime"/> to whichever <see cref="ContainerOptions.Runtime"/> names
    /// (Docker by default). An <see cref="IContainerRuntime"/> registered earlier wins. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddContainerRuntime(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SimulatedContainerRuntime>();
        services.TryAddSingleton<DockerContainerRuntime>();
        // Registered before the Docker extension's own TryAdd, so this choice is the one that stands.
        services.TryAddSingleton<IContainerRuntime>(provider =>
            provider.GetRequiredService<IOptions<ContainerOptions>>().Value.Runtime == ContainerRuntimeKind.Simulated
                ? provider.GetRequiredService<SimulatedContainerRuntime>()
                : provider.GetRequiredService<DockerContainerRuntime>());
        services.AddDockerContainerRuntime();
        return services;
    }
}

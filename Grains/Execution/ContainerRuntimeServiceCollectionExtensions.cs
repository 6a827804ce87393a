using JobScheduler.Grains.Docker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Execution;

/// <summary>Wires the worker's <see cref="IContainerRuntime"/>: Docker, unless the host's configuration asks for the simulated one.</summary>
public static class ContainerRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ContainerRuntimeOptions"/> (section <c>Scheduler:Containers</c>, validated at start), the
    /// Docker runtime (<see cref="DockerServiceCollectionExtensions.AddDockerContainerRuntime"/>) and the simulated one,
    /// and resolves <see cref="IContainerRuntime"/> to whichever <see cref="ContainerRuntimeOptions.Runtime"/> names
    /// (Docker by default). An <see cref="IContainerRuntime"/> registered earlier wins. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddContainerRuntime(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<ContainerRuntimeOptions>().BindConfiguration(ContainerRuntimeOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ContainerRuntimeOptions>, ContainerRuntimeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SimulatedContainerRuntime>();
        services.TryAddSingleton<DockerContainerRuntime>();
        // Registered before the Docker extension's own TryAdd, so this choice is the one that stands.
        services.TryAddSingleton<IContainerRuntime>(provider =>
            provider.GetRequiredService<IOptions<ContainerRuntimeOptions>>().Value.Runtime == ContainerRuntimeKind.Simulated
                ? provider.GetRequiredService<SimulatedContainerRuntime>()
                : provider.GetRequiredService<DockerContainerRuntime>());
        services.AddDockerContainerRuntime();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
namespace JobScheduler.Grains.Docker;
public static class DockerServiceCollectionExtensions
{
    public static IServiceCollection AddDockerContainerRuntime(this IServiceCollection services) => services;
}

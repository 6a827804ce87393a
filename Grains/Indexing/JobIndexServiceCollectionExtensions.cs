using Microsoft.Extensions.DependencyInjection;
namespace JobScheduler.Grains.Indexing;
public static class JobIndexServiceCollectionExtensions
{
    public static IServiceCollection AddRedisJobIndex(this IServiceCollection services) => services;
    public static IServiceCollection AddInMemoryJobIndex(this IServiceCollection services) => services;
}

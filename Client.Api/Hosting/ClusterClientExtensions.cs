using JobScheduler.Grains.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Configuration;
using StackExchange.Redis;

namespace JobScheduler.Client.Api.Hosting;

/// <summary>Cluster mode: the API is an Orleans client of the silos found through Redis.</summary>
internal static class ClusterClientExtensions
{
    public static WebApplicationBuilder AddClusterClient(this WebApplicationBuilder builder, string redis)
    {
        var configuration = builder.Configuration;
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => ClusterIdentity.Apply(o, configuration));
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
        });
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [Health.HealthEndpoints.ReadyTag]);
        return builder;
    }
}

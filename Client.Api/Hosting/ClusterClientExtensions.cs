using JobScheduler.Grains.Events;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Observability;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Orleans.Dashboard;
using StackExchange.Redis;

namespace JobScheduler.Client.Api.Hosting;

/// <summary>Cluster mode: the API is an Orleans client of the silos found through Redis.</summary>
internal static class ClusterClientExtensions
{
    public static WebApplicationBuilder AddClusterClient(this WebApplicationBuilder builder, string redis)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<ClusterClientOptions>().BindConfiguration(ClusterClientOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterClientOptions>, ClusterClientOptionsValidator>());
        builder.UseOrleansClient(client =>
        {
            client.Services.AddClusterIdentity();
            if (ObservabilitySwitches.TracingEnabled(configuration))
                client.AddActivityPropagation();
            // The membership table is read on the process's one Redis connection (the event log's), which follows a
            // Sentinel failover by itself.
            client.UseRedisClustering(o => o.ConfigurationOptions = RedisConnection.Options(redis));
            client.Services.AddSchedulerRedis();
            client.Services.AddOptions<RedisClusteringOptions>()
                .Configure<IServiceProvider>((o, sp) => o.CreateMultiplexer = RedisServiceCollectionExtensions.SharedMultiplexer<RedisClusteringOptions>(sp));
            client.UseClusterTls(configuration);

            // A grain on a silo that froze or died answers nothing until the cluster declares it dead;
            // bound the wait so the API says 503 (with Retry-After) instead of holding the request 30 s.
            client.Services.AddOptions<ClientMessagingOptions>()
                .Configure<IOptions<ClusterClientOptions>>((o, options) => o.ResponseTimeout = options.Value.GrainCallTimeout);

            // A frozen silo keeps its gateway connection open, so the client only stops routing through it
            // when it re-reads the live gateways from Redis: every 5 s instead of Orleans' 1 minute.
            client.Services.AddOptions<GatewayOptions>()
                .Configure<IOptions<ClusterClientOptions>>((o, options) => o.GatewayListRefreshPeriod = options.Value.GatewayListRefreshPeriod);

            // Serves the Orleans dashboard at /dashboard from this client; the silos run its grains (Silo's AddDashboard).
            client.AddDashboard();
        });
        // The event stream reads the log in Redis directly: every silo writes it, so any API process serves every event.
        builder.Services.AddRedisEventLog(trim: false);
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [Health.HealthEndpoints.ReadyTag]);
        return builder;
    }
}

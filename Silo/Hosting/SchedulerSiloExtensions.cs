using JobScheduler.Grains.Deadlines;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Observability;
using JobScheduler.Hosting;
using JobScheduler.Grains.Secrets;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Providers;
using Orleans.Storage;
using Orleans.Dashboard;
using StackExchange.Redis;

namespace JobScheduler.Silo.Hosting;

/// <summary>Configures this process as a cluster silo: Redis clustering, grain state, reminders and job index.</summary>
public static class SchedulerSiloExtensions
{
    /// <summary>The name of Orleans' Redis grain storage, which the default storage wraps with replica acknowledgements.</summary>
    private const string RedisStateStorage = "redis-state";

    /// <summary>Hosts a silo of the cluster named by <c>Scheduler:Cluster</c>, on the Redis at <c>Scheduler:Redis:ConnectionString</c>.</summary>
    public static WebApplicationBuilder AddSchedulerSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // Decides what is registered, so it is read before the container exists: the options class, bound once.
        var redis = (configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions()).ConnectionString;
        if (string.IsNullOrWhiteSpace(redis))
            throw new InvalidOperationException(
                $"A silo needs Redis: set {RedisOptions.SectionName}:ConnectionString (environment variable Scheduler__Redis__ConnectionString), e.g. 127.0.0.1:6379. " +
                "To try the scheduler without Redis, run the API alone (embedded mode): dotnet run --project Client.Api.");

        builder.Services.AddSchedulerTelemetry(configuration);
        builder.UseOrleans(silo =>
        {
            silo.Services.AddClusterIdentity();
            silo.UseConfiguredEndpoints();
            silo.UseClusterTls(configuration);
            silo.UseSchedulerRedis(redis);
            silo.AddSchedulerGrains();
            if (ObservabilitySwitches.TracingEnabled(configuration))
                silo.AddActivityPropagation();
            silo.Services.AddRedisJobIndex();
            silo.Services.AddRedisWorkflowIndex();
            silo.Services.AddRedisJobDeadlines();
            silo.Services.AddRedisSecretKeyRing();
            silo.Services.AddRedisEvictionPolicyCheck();
            // The Orleans dashboard's grains and per-silo statistics; the API process serves its page at /dashboard.
            silo.AddDashboard();
        });
        return builder;
    }

    /// <summary>
    /// Clustering, grain state and reminders in Redis, all on the process's one shared connection (the one the index,
    /// deadlines, event log and key ring use), so that <c>WAIT</c> after a write covers it and a Sentinel failover is
    /// followed once for all. Grain state writes wait for <c>Scheduler:Redis:ReplicaAcks</c> replicas.
    /// </summary>
    private static void UseSchedulerRedis(this ISiloBuilder silo, string redis)
    {
        var services = silo.Services;
        services.AddSchedulerRedis();
        services.AddRedisReplicaAcknowledgements();
        silo.UseRedisClustering(o => o.ConfigurationOptions = RedisConnection.Options(redis));
        services.AddOptions<RedisClusteringOptions>()
            .Configure<IServiceProvider>((o, sp) => o.CreateMultiplexer = RedisServiceCollectionExtensions.SharedMultiplexer<RedisClusteringOptions>(sp));
        silo.AddRedisGrainStorage(RedisStateStorage, o => o.ConfigurationOptions = RedisConnection.Options(redis));
        services.AddOptions<RedisStorageOptions>(RedisStateStorage)
            .Configure<IServiceProvider>((o, sp) => o.CreateMultiplexer = RedisServiceCollectionExtensions.SharedMultiplexer<RedisStorageOptions>(sp));
        services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) =>
            new ReplicatedGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(RedisStateStorage), sp.GetRequiredService<IReplicaAcknowledgements>()));
        // Grains that name no storage get the unkeyed one (Orleans' PersistentStateFactory).
        services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        silo.UseRedisReminderService(o => o.ConfigurationOptions = RedisConnection.Options(redis));
        services.AddOptions<RedisReminderTableOptions>()
            .Configure<IServiceProvider>((o, sp) => o.CreateMultiplexer = RedisServiceCollectionExtensions.SharedMultiplexer<RedisReminderTableOptions>(sp));
    }

    /// <summary>
    /// Maps <c>/health/live</c>, <c>/health/ready</c> (the worker reaches its Docker engine) and <c>/metrics</c>. The silo's
    /// HTTP port has no access control: keep it on a private network that only probes and Prometheus reach.
    /// </summary>
    public static WebApplication MapSiloHealth(this WebApplication app)
    {
        app.MapSchedulerMetrics();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(Grains.Workers.WorkerHealthCheck.ReadyTag) });
        return app;
    }
}

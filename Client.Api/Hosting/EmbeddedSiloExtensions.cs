using JobScheduler.Grains.Deadlines;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Observability;
using JobScheduler.Grains.Workers;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace JobScheduler.Client.Api.Hosting;

/// <summary>Embedded mode: one process co-hosting a silo with localhost clustering and in-memory state.</summary>
internal static class EmbeddedSiloExtensions
{
    public static WebApplicationBuilder AddEmbeddedSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var endpoints = configuration.GetSection(SiloEndpointOptions.SectionName).Get<SiloEndpointOptions>() ?? new SiloEndpointOptions();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort);
            silo.UseClusterTls(configuration);
            silo.Services.AddClusterIdentity();
            silo.Services.AddSiloEndpointOptions();
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.AddSchedulerGrains();
            if (ObservabilitySwitches.TracingEnabled(configuration))
                silo.AddActivityPropagation();
            silo.Services.AddInMemoryJobIndex();
            silo.Services.AddInMemoryWorkflowIndex();
            silo.Services.AddInMemoryJobDeadlines();
            // Alone in its in-memory cluster: a container of this cluster whose silo it does not know was left by an
            // earlier run of this process. Embedded hosts sharing an engine need distinct Scheduler:Cluster:ClusterId.
            silo.Services.Configure<WorkerOptions>(o => o.RemoveContainersOfUnknownSilos = true);
            // Its state dies with the process, so a stop has nothing to hand over: unless configured, it kills at once.
            if (configuration[$"{WorkerOptions.SectionName}:{nameof(WorkerOptions.DrainTimeout)}"] is null)
                silo.Services.Configure<WorkerOptions>(o => o.DrainTimeout = TimeSpan.Zero);
            // The Orleans dashboard's grains and this silo's statistics; its page is mapped at /dashboard.
            silo.AddDashboard();
        });
        // One process, no load balancer in front to tell: unless configured, a stop refuses new requests at once.
        if (configuration[$"{Shutdown.ShutdownOptions.SectionName}:{nameof(Shutdown.ShutdownOptions.ReadinessDelay)}"] is null)
            builder.Services.Configure<Shutdown.ShutdownOptions>(o => o.ReadinessDelay = TimeSpan.Zero);
        builder.Services.AddHostedService<EmbeddedModeNotice>();
        return builder;
    }
}

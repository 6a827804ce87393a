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
            // Its state dies with the process, so a stop has nothing to hand over: it kills at once, unless configured
            // (this default comes before AddSchedulerGrains binds Scheduler:Worker, so a configured value wins).
            silo.Services.AddOptions<WorkerOptions>().Configure(o => o.DrainTimeout = TimeSpan.Zero);
            silo.AddSchedulerGrains();
            if (ObservabilitySwitches.TracingEnabled(configuration))
                silo.AddActivityPropagation();
            silo.Services.AddInMemoryJobIndex();
            silo.Services.AddInMemoryWorkflowIndex();
            silo.Services.AddInMemoryJobDeadlines();
            // Alone in its in-memory cluster: a container of this cluster whose silo it does not know was left by an
            // earlier run of this process. Embedded hosts sharing an engine need distinct Scheduler:Cluster:ClusterId.
            silo.Services.Configure<WorkerOptions>(o => o.RemoveContainersOfUnknownSilos = true);
            // The Orleans dashboard's grains and this silo's statistics; its page is mapped at /dashboard.
            silo.AddDashboard();
        });
        // One process, no load balancer in front to tell: unless configured, a stop refuses new requests at once. The
        // section is bound again after this default, so a configured value wins whether AddApiShutdown came first or not.
        builder.Services.AddOptions<Shutdown.ShutdownOptions>()
            .Configure(o => o.ReadinessDelay = TimeSpan.Zero)
            .BindConfiguration(Shutdown.ShutdownOptions.SectionName);
        builder.Services.AddHostedService<EmbeddedModeNotice>();
        return builder;
    }
}

using System.Text.Json.Serialization;
using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Jobs;
using JobScheduler.Grains.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace JobScheduler.Grains.Hosting;

/// <summary>Adds the scheduler's grains and this silo's worker to a silo, whatever its clustering and storage.</summary>
public static class SchedulerSiloBuilderExtensions
{
    /// <summary>
    /// Registers the job life cycle options, the silo-bound worker with its container runtime, and
    /// plain-JSON grain state. The host chooses clustering, storage, reminders and the job index.
    /// Safe to call twice.
    /// </summary>
    public static ISiloBuilder AddSchedulerGrains(this ISiloBuilder silo)
    {
        var services = silo.Services;
        if (services.Any(d => d.ServiceType == typeof(SiloWorker)))
            return silo;

        silo.AddPlacementDirector<SiloBoundPlacement, SiloBoundPlacementDirector>();
        silo.UseSystemTextJsonGrainStorageSerializer();
        services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o =>
            o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobOptions>, JobOptionsValidator>());
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>());

        services.AddDockerContainerRuntime();
        services.AddSingleton<SiloWorker>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloWorker>());
        services.AddHealthChecks().AddCheck<WorkerHealthCheck>("worker", tags: [WorkerHealthCheck.ReadyTag]);
        return silo;
    }
}

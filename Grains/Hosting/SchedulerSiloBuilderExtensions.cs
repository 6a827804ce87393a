using System.Text.Json.Serialization;
using JobScheduler.Grains.Builds;
using JobScheduler.Grains.Deadlines;
using JobScheduler.Grains.Events;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Jobs;
using JobScheduler.Grains.Observability;
using JobScheduler.Grains.Policy;
using JobScheduler.Grains.Retention;
using JobScheduler.Grains.Retries;
using JobScheduler.Grains.Schedules;
using JobScheduler.Grains.Secrets;
using JobScheduler.Grains.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace JobScheduler.Grains.Hosting;

/// <summary>Adds the scheduler's grains and this silo's worker to a silo, whatever its clustering and storage.</summary>
public static class SchedulerSiloBuilderExtensions
{
    /// <summary>Configuration section bound onto Orleans' <see cref="ClusterMembershipOptions"/> (probe timeouts, votes).</summary>
    public const string MembershipSection = "Scheduler:Membership";

    /// <summary>
    /// Registers the job life cycle options, the silo-bound worker with its container runtime, the
    /// deadline sweeper, the secrets' protector (an in-memory key ring unless the host chose
    /// <see cref="SecretServiceCollectionExtensions.AddRedisSecretKeyRing"/>) and plain-JSON grain state. The host chooses
    /// clustering, storage, reminders, the job index, the deadline store and the secrets' key ring.
    /// Safe to call twice.
    /// </summary>
    public static ISiloBuilder AddSchedulerGrains(this ISiloBuilder silo)
    {
        var services = silo.Services;
        if (services.Any(d => d.ServiceType == typeof(SiloWorker)))
            return silo;

        silo.AddPlacementDirector<SiloBoundPlacement, SiloBoundPlacementDirector>();
        silo.UseSystemTextJsonGrainStorageSerializer();
        services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o => StoredJson.Configure(o.JsonSerializerOptions));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Random.Shared);
        services.AddRetryDefaults();
        services.TryAddSingleton<EffectiveSettingsSource>();
        services.TryAddSingleton<IReplicaAcknowledgements, NoReplicaAcknowledgements>();
        services.TryAddSingleton<EventAppender>();
        services.TryAddSingleton<GrainReferences>();
        services.AddSchedulerMetrics();
        services.AddQueueDepthSampler();
        services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeaseOptions>, LeaseOptionsValidator>());

        // Failure detection decides how soon a dead silo's jobs move on; operators tune it here.
        services.AddOptions<ClusterMembershipOptions>().BindConfiguration(MembershipSection);
        services.AddGrainDirectoryCacheOptions();
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobOptions>, JobOptionsValidator>());
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>());
        // A graceful stop drains the worker first: the host must wait for that, and for the silo to leave afterwards.
        services.AddOptions<HostOptions>().PostConfigure<IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (worker.Value.DrainTimeout + WorkerOptions.ShutdownAllowance).Ticks)));

        services.AddSecretProtection();
        services.AddContainerRuntime();
        services.AddDeadlineSweeper();
        services.AddSingleton<RetentionSweeper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<RetentionSweeper>());
        services.AddSchedules();
        services.AddSubmissionPolicy();
        services.AddImageBuilds();
        services.AddSingleton<SiloWorker>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloWorker>());
        services.AddHealthChecks().AddCheck<WorkerHealthCheck>("worker", tags: [WorkerHealthCheck.ReadyTag]);
        return silo;
    }
}

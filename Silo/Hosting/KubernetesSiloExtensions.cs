using JobScheduler.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;

namespace JobScheduler.Silo.Hosting;

/// <summary>Orleans' Kubernetes hosting for a silo in a pod, switched on by <c>Scheduler:Silo:Kubernetes:Enabled</c>.</summary>
public static class KubernetesSiloExtensions
{
    /// <summary>
    /// Binds and validates <see cref="SiloKubernetesOptions"/> (at start, whether on or off) and, when they are on, adds
    /// Orleans' Kubernetes hosting: the pod's name becomes the silo's name, the pod gets the <c>orleans/clusterId</c> and
    /// <c>orleans/serviceId</c> labels, and silos watch their pods through the in-cluster service account. Call after
    /// <see cref="SchedulerSiloExtensions.AddSchedulerSilo"/>; safe to call twice.
    /// </summary>
    public static WebApplicationBuilder AddSchedulerKubernetesHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiloKubernetesOptions>().BindConfiguration(SiloKubernetesOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloKubernetesOptions>, SiloKubernetesOptionsValidator>());

        var options = builder.Configuration.GetSection(SiloKubernetesOptions.SectionName).Get<SiloKubernetesOptions>() ?? new SiloKubernetesOptions();
        if (!options.Enabled || builder.Services.Any(d => d.ImplementationType == typeof(KubernetesClusterAgent)))
            return builder;

        // Now, not at start: Orleans' own options (pod name, namespace) are resolved, and would fail one at a time,
        // before the host runs start-up validation.
        var validation = new SiloKubernetesOptionsValidator(builder.Configuration).Validate(null, options);
        if (validation.Failed)
            throw new OptionsValidationException(SiloKubernetesOptions.SectionName, typeof(SiloKubernetesOptions), validation.Failures);

        builder.UseOrleans(silo => silo.UseKubernetesHosting(hosting => hosting.Configure(o =>
        {
            o.MaxAgents = options.MaxAgents;
            o.DeleteDefunctSiloPods = options.DeleteDefunctSiloPods;
            o.MaxKubernetesApiRetryAttempts = options.MaxApiRetryAttempts;
        })));
        return builder;
    }
}

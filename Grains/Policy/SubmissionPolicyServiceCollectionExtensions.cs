using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Policy;

/// <summary>Registers the submission policy on a silo. Safe to call twice.</summary>
public static class SubmissionPolicyServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SubmissionLimitsOptions"/> (<c>Scheduler:Limits</c>) and <see cref="ImagePolicyOptions"/>
    /// (<c>Scheduler:Images</c>), both validated at start, and <see cref="SubmissionPolicy"/> with its queue settings
    /// cache and registry guard. Needs the silo's <see cref="IGrainFactory"/> and the schedules' options.
    /// </summary>
    public static IServiceCollection AddSubmissionPolicy(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(SubmissionPolicy)))
            return services;

        services.AddOptions<SubmissionLimitsOptions>().BindConfiguration(SubmissionLimitsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SubmissionLimitsOptions>, SubmissionLimitsOptionsValidator>());
        services.AddOptions<ImagePolicyOptions>().BindConfiguration(ImagePolicyOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImagePolicyOptions>, ImagePolicyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<QueueSettingsCache>();
        services.AddSingleton<RegistryAddressGuard>();
        services.AddSingleton<SubmissionPolicy>();
        services.AddOptions<JobQuotaOptions>().BindConfiguration(JobQuotaOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobQuotaOptions>, JobQuotaOptionsValidator>());
        services.AddSingleton<JobAdmission>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Schedules;

/// <summary>Registers what cron schedules need on a silo. Safe to call twice.</summary>
public static class ScheduleServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ScheduleOptions"/> (section <c>Scheduler:Schedules</c>, validated at start) and the
    /// start-up wake-up of every schedule.
    /// </summary>
    public static IServiceCollection AddSchedules(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ScheduleWakeup)))
            return services;

        services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScheduleOptions>, ScheduleOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ScheduleWakeup>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ScheduleWakeup>());
        return services;
    }
}

using JobScheduler.Grains.Interfaces;
using Orleans.Concurrency;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// The silo-internal protocol of a cron schedule (key: schedule id, implemented by the same grain class as
/// <see cref="IScheduleGrain"/>): the catalog's wake-up. Lives in the Grains assembly so that services referencing only
/// Grains.Interfaces cannot call it.
/// </summary>
[Alias("JobScheduler.IScheduleProtocolGrain")]
public interface IScheduleProtocolGrain : IGrainWithStringKey
{
    /// <summary>Makes the schedule act on whatever is due (a missed occurrence, a job whose end it did not hear of). One-way.</summary>
    [OneWay, Alias("Wake")]
    Task Wake();
}

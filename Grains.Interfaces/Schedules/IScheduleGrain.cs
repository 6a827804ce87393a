namespace JobScheduler.Grains.Interfaces;

/// <summary>A cron schedule (key: schedule id): creates one job per occurrence.</summary>
[Alias("JobScheduler.IScheduleGrain")]
public interface IScheduleGrain : IJobParentGrain
{
}

namespace JobScheduler.Grains.Interfaces;

/// <summary>What made a schedule run (or skip) an occurrence. Persisted by name.</summary>
public enum ScheduleRunKind
{
    /// <summary>The cron expression's occurrence, on time or late within the misfire grace.</summary>
    Scheduled = 0,

    /// <summary>The one job a <see cref="MisfirePolicy.RunOnce"/> schedule runs for occurrences it missed.</summary>
    CatchUp = 1,

    /// <summary>A manual trigger (<c>POST /api/v1/schedules/{id}/trigger</c>); its occurrence is the trigger time.</summary>
    Manual = 2,
}

namespace JobScheduler.Grains.Schedules;

/// <summary>Timings of cron schedules (<c>Scheduler:Schedules</c>).</summary>
public sealed class ScheduleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Schedules";

    /// <summary>
    /// How late an occurrence may be acted on and still count as on time (Quartz's misfire threshold). An occurrence
    /// found due longer ago than this is missed, and the schedule's misfire policy decides. Default: 60 seconds.
    /// </summary>
    public TimeSpan MisfireGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Period of each schedule's reminder, the durable net that reactivates a schedule whose activation was lost and
    /// checks on its running jobs. Orleans' minimum is 1 minute. Default: 1 minute.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The shortest time allowed between two occurrences of any schedule: a cron expression whose occurrences come
    /// closer is refused (400 naming <c>cron</c>). A queue's <c>minCronInterval</c> can only raise it. Default: 1 second.
    /// </summary>
    public TimeSpan MinCronInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The wait between two tries of the start-up wake-up of every schedule, while the cluster may still be forming.
    /// Default: 2 seconds.
    /// </summary>
    public TimeSpan WakeRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many times a silo tries the start-up wake-up before leaving the schedules to their reminders. Default: 5.
    /// </summary>
    public int WakeAttempts { get; set; } = 5;
}

namespace JobScheduler.Grains.Deadlines;

/// <summary>The catch-up sweep for lost reminder ticks (<c>Scheduler:Deadlines</c>).</summary>
public sealed class DeadlineOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Deadlines";

    /// <summary>
    /// How often each silo looks for overdue jobs. A job whose reminder tick was lost is noticed at most
    /// this long after its deadline (once its grain can be activated again). Default: 2 seconds.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a claimed job is left alone before any silo claims it again. A poked job grain sets its real
    /// next deadline at once; this only matters when the poke got lost, so it is about one grain call timeout.
    /// Default: 30 seconds.
    /// </summary>
    public TimeSpan RedeliverAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many overdue jobs one claim takes; a full batch is followed by another at once. Default: 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How many job grains one silo pokes at once. Default: 32.</summary>
    public int MaxConcurrentPokes { get; set; } = 32;
}

namespace JobScheduler.Grains.Events;

/// <summary>How much of the event log is kept (configuration section <see cref="SectionName"/>).</summary>
public sealed class EventLogOptions
{
    /// <summary>The configuration section: <c>Scheduler:Events</c>.</summary>
    public const string SectionName = "Scheduler:Events";

    /// <summary>
    /// The most events kept (default 100,000). Redis trims to about this many on every append (<c>MAXLEN ~</c>, whole
    /// blocks); memory keeps exactly this many.
    /// </summary>
    public int MaxLength { get; set; } = 100_000;

    /// <summary>Events older than this are dropped (default 24 hours): a client resuming after longer misses them.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each silo trims the Redis stream by age (default 1 minute).</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often an API process with stream clients looks for new events when it has none (default 25 ms): the most an
    /// event waits, after it is stored, before the API's stream clients get it. Each look is one read of the log, 40 a
    /// second per API process while anyone follows the stream.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// How often an API process with no stream client looks (default 1 s): it keeps the newest events in memory for the
    /// clients that come, and a client that comes makes it look at once, so this bounds no client's latency.
    /// </summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
